import type ts from 'typescript';
import type { z } from 'zod';
import type { FileFacts, InteractionFact } from '../model/facts.js';
import type { AnalysisResult, Location, Severity } from '../model/result.js';
import type { TS } from '../engine/ast.js';

/** A problem a check found, before a host turns it into an ESLint report or a JSON finding. */
export interface FindingDraft {
  /** Where to point: the message without a key, the payload field, the call. */
  readonly node: ts.Node;
  readonly messageId: string;
  readonly data?: Readonly<Record<string, string>>;
  /** The interaction the finding is about, so the map can show it on the right edge. */
  readonly subject?: InteractionFact;
}

export interface FileCheckContext<Options> {
  readonly ts: TS;
  readonly facts: FileFacts;
  readonly options: Options;
  /**
   * How a message names a file (`src/kafka/store.js`), when the host knows the paths a user reads (the
   * CLI's, relative to the analysed folder); see `placeText`.
   */
  readonly fileName?: (sourceFile: ts.SourceFile) => string;
}

/**
 * A place for a message. With the host's file names (the CLI, whose findings may be shown at a wrapper's
 * call in another file) always `<file>:12`; without (ESLint, one file at a time) `line 12` in the file of
 * `from`, and the file's base name otherwise.
 */
export function placeText(from: ts.Node, node: ts.Node, fileName?: (sourceFile: ts.SourceFile) => string): string {
  const sourceFile = node.getSourceFile();
  const line = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
  if (fileName !== undefined) return `${fileName(sourceFile)}:${line}`;
  return from.getSourceFile() === sourceFile ? `line ${line}` : `${sourceFile.fileName.split('/').at(-1)!}:${line}`;
}

/** What every check declares: its id, what it reports, how severe by default, its messages and options. */
export interface CheckDefinition<Options extends object> {
  readonly id: string;
  readonly description: string;
  readonly defaultSeverity: Severity;
  readonly messages: Readonly<Record<string, string>>;
  /** The options object (ESLint gets its JSON Schema; the CLI config validates with it). */
  readonly options: z.ZodType<Options>;
  readonly defaultOptions: Options;
}

/**
 * A check that needs one file's facts only: it runs as an ESLint rule and in the CLI, with the same
 * options and the same messages. It reads facts, never library details.
 */
export interface FileCheck<Options extends object = object> extends CheckDefinition<Options> {
  /** In `configs.recommended`. */
  readonly recommended: boolean;
  check(context: FileCheckContext<Options>): FindingDraft[];
}

/** Fills `{{name}}` placeholders the way ESLint does, so both hosts print the same message. */
export function formatMessage(template: string, data: Readonly<Record<string, string>> | undefined): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => data?.[name] ?? whole);
}

/** What a whole-project check reads: the linked model, never source code. */
export interface ProjectCheckContext<Options> {
  readonly result: Pick<AnalysisResult, 'services' | 'interactions' | 'routes'>;
  readonly options: Options;
}

export interface ProjectFindingDraft {
  readonly messageId: string;
  readonly data?: Readonly<Record<string, string>>;
  readonly location: Location;
  readonly service: string | null;
  readonly interactionId?: string;
}

/**
 * A check that needs every file (a topic nobody consumes, a cycle of calls): it runs in the CLI only,
 * because ESLint sees one file at a time and must not fake the rest with shared state.
 */
export interface ProjectCheck<Options extends object = object> extends CheckDefinition<Options> {
  check(context: ProjectCheckContext<Options>): ProjectFindingDraft[];
}
