import type ts from 'typescript';
import { HandMadeRequests, withReplies } from '../core/engine/hand-made-requests.js';
import { fileIndexOf } from '../core/engine/scan-source-file.js';
import type { ProduceFact } from '../core/model/facts.js';
import type { DiscoveredProject } from './discover.js';
import { samePackage } from './placement.js';
import { analyzerTs } from './project.js';
import type { ScannedFile } from './scanned-file.js';
import type { ServiceFacts } from './service-facts.js';

/** A send as one of its wrapper's callers makes it, with the hand-made wait that caller's arguments link it to. */
export type RepliesAtCalls = (fact: ProduceFact, calls: readonly ts.Node[]) => ProduceFact;

/*
 * Hand-made request-reply across files: the pending map in one module, the consumer that settles it in
 * another, the send in a third, linked where a caller passes one id to both. Each file's scan saw only
 * itself; here every file's message handlers and call sites are known.
 */
export function withProjectReplies(project: DiscoveredProject, facts: ServiceFacts): { files: ScannedFile[]; repliesAt: RepliesAtCalls } {
  const { context, evaluator } = facts.resolution;
  const requests = new HandMadeRequests(
    context,
    evaluator,
    facts.files.map((file) => fileIndexOf(analyzerTs(), file.sourceFile)),
    facts.files.flatMap((file) => file.facts.messageHandlers.map((handler) => handler.node)),
    samePackage(project),
  );
  const files = facts.files.map((file) => {
    const produces = file.facts.produces.map((produce) => withReplies(analyzerTs(), produce, requests, evaluator));
    return produces.every((produce, i) => produce === file.facts.produces[i]) ? file : { ...file, facts: { ...file.facts, produces } };
  });
  return { files, repliesAt: (fact, calls) => withReplies(analyzerTs(), fact, requests, evaluator, calls) };
}
