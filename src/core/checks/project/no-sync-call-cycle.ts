import { z } from 'zod';
import { compareStrings } from '../../model/compare.js';
import type { HttpInteraction } from '../../model/result.js';
import type { ProjectCheck, ProjectFindingDraft } from '../check.js';

const options = z.object({}).strict();

/** The strongly connected components of a directed graph (Tarjan), each sorted, in a stable order. */
function stronglyConnected(nodes: readonly string[], edges: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      components.push(component.sort(compareStrings));
    }
  };
  for (const node of nodes) if (!index.has(node)) visit(node);
  return components;
}

/** The shortest path from `from` to `to` inside a component, found breadth first: `[from, ..., to]`. */
function shortestPath(from: string, to: string, members: ReadonlySet<string>, edges: ReadonlyMap<string, readonly string[]>): string[] {
  const previous = new Map<string, string>([[from, from]]);
  const queue = [from];
  while (queue.length > 0 && !previous.has(to)) {
    const node = queue.shift()!;
    for (const next of edges.get(node) ?? []) {
      if (!members.has(next) || previous.has(next)) continue;
      previous.set(next, node);
      queue.push(next);
    }
  }
  const path = [to];
  while (path[0] !== from) path.unshift(previous.get(path[0]!)!);
  return path;
}

/**
 * Services that call each other synchronously in a loop cannot fail, deploy or scale independently: a
 * slow one stalls the others, and a request can chase its own tail. One finding per call edge of a cycle
 * (each service's first call to the next), so every team in the loop sees it at a call it owns.
 */
export const noSyncCallCycle: ProjectCheck<z.infer<typeof options>> = {
  id: 'no-sync-call-cycle',
  description: 'Report cycles of synchronous HTTP calls between services',
  defaultSeverity: 'error',
  messages: {
    cycle:
      'Synchronous call cycle: {{cycle}}. These services cannot fail, deploy or scale independently; break the cycle with an event (one side publishes what happened, the other consumes it).',
  },
  options,
  defaultOptions: {},
  check({ result }) {
    const calls = result.interactions.filter(
      (i): i is HttpInteraction => i.kind === 'http' && i.targetKind === 'service' && i.target !== null && i.target !== i.service,
    );
    const edges = new Map<string, string[]>();
    for (const call of calls) {
      const targets = edges.get(call.service) ?? [];
      if (!targets.includes(call.target!)) targets.push(call.target!);
      edges.set(call.service, targets.sort(compareStrings));
    }
    const nodes = [...new Set([...edges.keys(), ...calls.map((call) => call.target!)])].sort(compareStrings);
    const findings: ProjectFindingDraft[] = [];
    for (const component of stronglyConnected(nodes, edges)) {
      if (component.length < 2) continue;
      const members = new Set(component);
      for (const from of component) {
        for (const to of (edges.get(from) ?? []).filter((next) => members.has(next))) {
          // The shortest cycle through this edge, told from the calling service.
          const cycle = [from, ...shortestPath(to, from, members, edges)];
          const call = calls.find((candidate) => candidate.service === from && candidate.target === to)!;
          findings.push({ messageId: 'cycle', data: { cycle: cycle.join(' → ') }, location: call.location, service: call.service, interactionId: call.id });
        }
      }
    }
    return findings;
  },
};
