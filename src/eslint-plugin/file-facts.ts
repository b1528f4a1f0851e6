import type { TSESLint } from '@typescript-eslint/utils';
import type TypeScript from 'typescript';
import { ts } from './typescript.js';
import type { FileFacts } from '../core/model/facts.js';
import { z } from 'zod';
import { scanSourceFile } from '../core/engine/scan-source-file.js';
import type { Detector } from '../core/engine/detector.js';
import { CONFIGURED_WRAPPER, wrapperSchema } from '../core/detectors/configured-wrappers.js';
import { DETECTORS } from '../core/detectors/index.js';
import { detectorsWith } from '../core/host.js';

export interface LintedFile {
  /** Absent when the file was not scanned: it names no method a send is made with, so it has no facts. */
  readonly sourceFile: TypeScript.SourceFile | undefined;
  readonly facts: FileFacts;
}

// One scan per linted file, shared by every rule: keyed by ESLint's SourceCode object, which lives exactly
// as long as one lint of one file. Nothing crosses files, so caching and parallel lint stay correct.
const scans = new WeakMap<object, LintedFile>();

interface ParserServicesLike {
  readonly program?: TypeScript.Program | null;
  readonly esTreeNodeToTSNodeMap?: { get(node: unknown): TypeScript.Node | undefined };
}

/**
 * The TypeScript view of the file being linted: typescript-eslint's own AST (and its program when type
 * information is on), or, under another parser (plain JavaScript with espree), a parse of the same text.
 */
export function lintedFileOf(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): LintedFile {
  const sourceCode = context.sourceCode;
  const cached = scans.get(sourceCode);
  if (cached) return cached;
  const settings = settingsFor(context.settings);
  if (!settings.sendWords.some((word) => sourceCode.text.includes(word))) {
    const unscanned = { sourceFile: undefined, facts: NO_FACTS(context.filename) };
    scans.set(sourceCode, unscanned);
    return unscanned;
  }
  const services = sourceCode.parserServices as ParserServicesLike | undefined;
  const mapped = services?.esTreeNodeToTSNodeMap?.get(sourceCode.ast);
  const program = services?.program ?? undefined;
  let sourceFile: TypeScript.SourceFile;
  let checker: TypeScript.TypeChecker | undefined;
  if (mapped && ts.isSourceFile(mapped)) {
    sourceFile = mapped;
    checker = program?.getTypeChecker();
  } else {
    sourceFile = ts.createSourceFile(context.filename, sourceCode.text, ts.ScriptTarget.Latest, true, scriptKindOf(context.filename));
  }
  const linted = { sourceFile, facts: scanOrNothing(sourceFile, checker, settings.detectors) };
  scans.set(sourceCode, linted);
  return linted;
}

/**
 * The file's facts; none when the file nests deeper than the stack allows (a hostile or generated file
 * that the parser still took). A rule that throws stops the whole ESLint run ("Oops! Something went
 * wrong"), so such a file costs only its own findings.
 */
function scanOrNothing(sourceFile: TypeScript.SourceFile, checker: TypeScript.TypeChecker | undefined, detectors: readonly Detector[]): FileFacts {
  try {
    return scanSourceFile({ ts, sourceFile, checker, detectors });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return NO_FACTS(sourceFile.fileName);
  }
}

const NO_FACTS = (fileName: string): FileFacts => {
  const none: never[] = [];
  return {
    fileName,
    http: none,
    produces: none,
    consumes: none,
    replySubscriptions: none,
    transports: none,
    messageServers: none,
    storedResolvers: none,
    libraries: none,
    routes: none,
    mounts: none,
    listens: none,
    messageHandlers: none,
    envFiles: none,
  };
};

/**
 * The method names every Kafka send or reply subscription is made with (kafkajs `send`/`sendBatch`, NestJS
 * `emit`/`send`/`subscribeToResponseOf`, rdkafka `produce` and write streams' `write`). The rules judge
 * sends only, so a file whose text names none of these (nor a configured send wrapper) has nothing for them,
 * whatever its types: scanning it is skipped, the larger part of most repositories.
 */
const SEND_WORDS = ['send', 'emit', 'produce', 'write', 'subscribeToResponseOf'];

function scriptKindOf(fileName: string): TypeScript.ScriptKind {
  if (/\.(?:c|m)?tsx?$/.test(fileName)) return fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  return fileName.endsWith('x') ? ts.ScriptKind.JSX : ts.ScriptKind.JS;
}

const settingsSchema = z.object({ wrappers: z.array(wrapperSchema).optional() }).strict();

interface PluginSettings {
  readonly detectors: readonly Detector[];
  /** What a file must name to be scanned (see SEND_WORDS). */
  readonly sendWords: readonly string[];
}

/**
 * The detectors whose facts the rules read: the rules judge Kafka sends and reply subscriptions only, so the
 * messaging libraries' detectors, those that give values (a topic read through `configService.get`), and the
 * team's configured wrappers. The HTTP clients' and servers' detectors would find calls no rule looks at (in
 * a route file that names `send`, `res.send(...)`, every call's callee classified for nothing).
 */
function forRules(detectors: readonly Detector[]): readonly Detector[] {
  return detectors.filter((detector) => detector.clientOf?.kind === 'kafka' || detector.valueOfCall !== undefined || detector.library === CONFIGURED_WRAPPER);
}

const DEFAULT_SETTINGS: PluginSettings = { detectors: forRules(DETECTORS), sendWords: SEND_WORDS };

// One detector list per settings object, so the engine's tables are built once, not once per file.
const settingsByObject = new WeakMap<object, PluginSettings>();

/**
 * The detectors for ESLint's shared settings: the built-in ones, plus the team's wrappers declared as
 * `settings: { 'service-map': { wrappers: [...] } }` (the same shape as the CLI config's `wrappers`).
 */
function settingsFor(settings: Readonly<Record<string, unknown>>): PluginSettings {
  const own = settings['service-map'];
  if (own === undefined || own === null || typeof own !== 'object') return DEFAULT_SETTINGS;
  const cached = settingsByObject.get(own);
  if (cached) return cached;
  const parsed = settingsSchema.safeParse(own);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`settings['service-map'].${issue.path.join('.')}: ${issue.message}`);
  }
  const wrappers = parsed.data.wrappers ?? [];
  const wrapperNames = wrappers.filter((wrapper) => wrapper.kind === 'produce').map((wrapper) => wrapper.function.split('.').pop()!);
  const made = { detectors: forRules(detectorsWith(wrappers)), sendWords: [...SEND_WORDS, ...wrapperNames] };
  settingsByObject.set(own, made);
  return made;
}
