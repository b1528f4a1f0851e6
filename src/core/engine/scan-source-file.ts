import type ts from 'typescript';
import type { FileFacts, ProduceFact } from '../model/facts.js';
import { knownString } from '../model/value.js';
import { DETECTORS } from '../detectors/index.js';
import { propertyValueExpression, returnedExpressions, type TS, unwrapExpression } from './ast.js';
import { ClientTables } from './client-tables.js';
import { ClientClassifier } from './clients.js';
import { exportedExpression } from './commonjs.js';
import { packageOf, type ResolutionContext, resolveIdentifier } from './declarations.js';
import type { Detector, DetectorScan, MessageScan, TypeProperty, ValueScan } from './detector.js';
import { FactCollector } from './fact-collector.js';
import { HandMadeRequests, withReplies } from './hand-made-requests.js';
import { buildFileIndex, type FileIndex, importedEntity } from './file-index.js';
import { ValueEvaluator } from './values.js';
import { bindParameters, functionOf } from './values/functions.js';

export interface ScanInput {
  /** The TypeScript module the host parsed with (the user's `typescript` in ESLint, ts-morph's in the CLI). */
  readonly ts: TS;
  readonly sourceFile: ts.SourceFile;
  /** Present when the host has type information; the engine then follows imports and asks for types. */
  readonly checker?: ts.TypeChecker | undefined;
  readonly detectors?: readonly Detector[];
  /**
   * Told when a detector fails on a construct it did not foresee. The scan goes on without that
   * detector's facts for the file; the CLI reports it as a diagnostic, tests rethrow.
   */
  readonly onDetectorError?: (error: unknown, detector: Detector) => void;
  /** Every source file of the project, when the host has them all (the CLI), for project-wide lookups. */
  readonly projectFiles?: () => readonly ts.SourceFile[];
  /** The packages the program holds files of, when the host knows (see `ResolutionContext`). */
  readonly declaredPackages?: ReadonlySet<string>;
}

// Pure memos keyed by AST objects: an index is a function of its source file, so sharing it between
// rules, files and runs cannot leak one file's knowledge into another's results.
const indexCache = new WeakMap<ts.SourceFile, FileIndex>();
const tablesCache = new WeakMap<readonly Detector[], { tables: ClientTables; modules: ReadonlySet<string> }>();

function tablesFor(detectors: readonly Detector[]) {
  let entry = tablesCache.get(detectors);
  if (!entry) {
    entry = {
      tables: new ClientTables(detectors.flatMap((detector) => (detector.clients ? [detector.clients] : []))),
      modules: new Set(detectors.flatMap((detector) => detector.modules)),
    };
    tablesCache.set(detectors, entry);
  }
  return entry;
}

export function fileIndexOf(t: TS, sourceFile: ts.SourceFile): FileIndex {
  let index = indexCache.get(sourceFile);
  if (!index) {
    index = buildFileIndex(t, sourceFile);
    indexCache.set(sourceFile, index);
  }
  return index;
}

/**
 * The resolution machinery: declarations, values and clients, with the libraries' meanings for calls
 * wired into the evaluator. Used by each file's scan, and by hosts that place interactions across files
 * (the analyzer binds wrapper parameters at their call sites with it).
 */
export function createResolution(
  t: TS,
  checker: ts.TypeChecker | undefined,
  detectors: readonly Detector[] = DETECTORS,
  projectFiles?: () => readonly ts.SourceFile[],
  declaredPackages?: ReadonlySet<string>,
) {
  const { tables, modules } = tablesFor(detectors);
  const context: ResolutionContext = {
    ts: t,
    checker,
    libraryModules: modules,
    indexOf: (file) => fileIndexOf(t, file),
    ...(projectFiles ? { projectFiles } : {}),
    ...(declaredPackages ? { declaredPackages } : {}),
  };
  const evaluator = new ValueEvaluator(context);
  const classifier = new ClientClassifier(context, tables, evaluator);
  const hooks = detectors.flatMap((detector) => (detector.valueOfCall ? [detector.valueOfCall] : []));
  if (hooks.length > 0) {
    const valueScan: ValueScan = {
      ts: t,
      classify: (expression) => classifier.classify(expression),
      evaluate: (expression) => evaluator.evaluate(expression),
      evaluatePath: (expression, path) => evaluator.evaluatePath(expression, path),
      definition: (expression) => definitionOf(context, expression),
      projectFiles: () => (projectFiles?.() ?? []).map((file) => fileIndexOf(t, file)),
      importedEntity: (index, expression) => importedEntity(t, index, expression),
    };
    evaluator.callValue = (call) => {
      for (const hook of hooks) {
        const value = hook(call, valueScan);
        if (value !== undefined) return value;
      }
      return undefined;
    };
  }
  // Reading messages a wrapper's caller passes, in whatever file the caller is.
  const messageScan: MessageScan = {
    ts: t,
    evaluate: (expression) => evaluator.evaluate(expression),
    definition: (expression) => definitionOf(context, expression),
    typeProperty: (expression, name) => typeProperty(t, checker, expression, name),
  };
  return { context, evaluator, classifier, messageScan };
}

/**
 * Scans one file: one walk builds its index, then each detector reads the index and records facts.
 * Never throws on odd code: a detector that fails on a construct loses that construct, not the file.
 */
export function scanSourceFile(input: ScanInput): FileFacts {
  const { ts: t, sourceFile, checker } = input;
  const detectors = input.detectors ?? DETECTORS;
  const { context, evaluator, classifier } = createResolution(t, checker, detectors, input.projectFiles, input.declaredPackages);
  const index = context.indexOf(sourceFile);

  const collector = new FactCollector();
  for (const detector of detectors) {
    const scan: DetectorScan = {
      ts: t,
      sourceFile,
      index,
      checker,
      imports: (module) => [...index.importedModules].some((imported) => imported === module || packageOf(imported) === module),
      calls: (name) => index.callsByName.get(name) ?? [],
      classify: (expression) => classifier.classify(expression),
      evaluate: (expression) => evaluator.evaluate(expression),
      evaluateEach: (expression, throughMembers) => evaluator.evaluateEach(expression, throughMembers),
      evaluatePath: (expression, path) => evaluator.evaluatePath(expression, path),
      evaluateList: (expression) => evaluator.evaluateList(expression),
      listItems: (expression) => evaluator.listItems(expression),
      definition: (expression) => definitionOf(context, expression),
      typeProperty: (expression, name) => typeProperty(t, checker, expression, name),
      callsSourceFunction: (call) => callsSourceFunction(t, checker, call),
      declarationOf: (expression) => declarationOf(context, expression),
      boundToFactories: (value, client) =>
        (client.madeBy ?? []).reduce((bound, factory) => bindParameters(t, evaluator, bound, factory.fn, factory.call), value),
      emit: collector.emit,
    };
    try {
      detector.detect(scan);
    } catch (error) {
      // The user's code is not wrong because a detector met an unforeseen shape: keep the rest.
      input.onDetectorError?.(error, detector);
    }
  }

  const facts = collector.facts(sourceFile.fileName, index, (fact) => withPayloads(context, evaluator, fact));
  if (facts.produces.length === 0) return facts;
  // What this file shows of hand-made request-reply; a host with every file looks again across files.
  const requests = new HandMadeRequests(context, evaluator, [index], facts.messageHandlers.map((handler) => handler.node));
  return { ...facts, produces: facts.produces.map((produce) => withReplies(t, produce, requests, evaluator)) };
}

/** Follows names to the expression they stand for: `const messages = [...]` gives the array literal. */
function definitionOf(context: ResolutionContext, expression: ts.Expression, depth = 0): ts.Expression {
  const t = context.ts;
  const node = unwrapExpression(t, expression);
  if (depth > 8 || !t.isIdentifier(node)) return node;
  const origin = resolveIdentifier(context, node);
  if (origin?.kind !== 'declaration') return node;
  const declaration = origin.node;
  if (t.isVariableDeclaration(declaration) && declaration.initializer) {
    const isConst = (declaration.parent.flags & t.NodeFlags.Const) !== 0;
    const reassigned = t.isIdentifier(declaration.name) && context.indexOf(declaration.getSourceFile()).assignmentsByName.has(declaration.name.text);
    if (isConst || !reassigned) return definitionOf(context, declaration.initializer, depth + 1);
  }
  // `import config from './config'` where `export default () => ({...})`, or `module.exports = {...}`.
  const exported = exportedExpression(t, declaration);
  if (exported) return definitionOf(context, exported, depth + 1);
  return node;
}

function typeProperty(t: TS, checker: ts.TypeChecker | undefined, expression: ts.Expression, name: string): TypeProperty | undefined {
  if (checker === undefined) return undefined;
  try {
    const type = checker.getTypeAtLocation(expression);
    if (type.flags & (t.TypeFlags.Any | t.TypeFlags.Unknown)) return undefined;
    // A string, number or boolean has no properties a message is read from (`send(topic, customerId)`).
    if (type.flags & (t.TypeFlags.StringLike | t.TypeFlags.NumberLike | t.TypeFlags.BooleanLike | t.TypeFlags.BigIntLike)) return 'absent';
    // An error type (a missing import) reads as `any` too; only an object type says something.
    if (!(type.flags & t.TypeFlags.Object) && !type.isIntersection()) return undefined;
    const property = checker.getPropertyOfType(type, name);
    if (property === undefined) return 'absent';
    // `key?: string` may or may not be set: the type cannot tell.
    return property.flags & t.SymbolFlags.Optional ? 'optional' : 'required';
  } catch {
    return undefined;
  }
}

function callsSourceFunction(t: TS, checker: ts.TypeChecker | undefined, call: ts.CallExpression): boolean {
  if (checker === undefined) return false;
  try {
    const declaration = checker.getResolvedSignature(call)?.getDeclaration();
    if (declaration === undefined || declaration.flags & t.NodeFlags.Synthesized) return false;
    if (declaration.getSourceFile().isDeclarationFile) return false;
    return (declaration as { body?: ts.Node }).body !== undefined;
  } catch {
    return false;
  }
}

/** Serialisers that keep the shape of what they are given, for the purpose of reading a payload. */
const SERIALIZERS = new Set(['stringify', 'from', 'encode', 'serialize', 'toBuffer']);

/**
 * The object literal a payload expression carries, through serialisers and names, and through a helper of the
 * project that serialises what it is given (`encodeMessage({ type, subject, data })` whose body returns
 * `Buffer.from(JSON.stringify(message))`): the object passed is the message the helper writes.
 */
function objectLiteralOf(context: ResolutionContext, evaluator: ValueEvaluator, expression: ts.Expression, depth = 0): ts.ObjectLiteralExpression | undefined {
  const t = context.ts;
  const node = definitionOf(context, expression);
  if (t.isObjectLiteralExpression(node)) return node;
  if (depth < 4 && t.isCallExpression(node) && node.arguments[0]) {
    const callee = unwrapExpression(t, node.expression);
    const name = t.isPropertyAccessExpression(callee) ? callee.name.text : t.isIdentifier(callee) ? callee.text : undefined;
    if (name !== undefined && SERIALIZERS.has(name)) return objectLiteralOf(context, evaluator, node.arguments[0], depth + 1);
    const helper = node.arguments.length === 1 ? functionOf(evaluator, callee) : undefined;
    if (helper?.parameters.length === 1 && serialises(context, helper)) return objectLiteralOf(context, evaluator, node.arguments[0], depth + 1);
  }
  return undefined;
}

/** Whether every value a one-parameter function returns is a serialiser's result (`Buffer.from(JSON.stringify(m))`). */
function serialises(context: ResolutionContext, fn: ts.SignatureDeclaration): boolean {
  const t = context.ts;
  const returned = returnedExpressions(t, fn);
  return (
    returned.length > 0 &&
    returned.every((expression) => {
      const node = definitionOf(context, expression);
      if (!t.isCallExpression(node)) return false;
      const callee = unwrapExpression(t, node.expression);
      return t.isPropertyAccessExpression(callee) && SERIALIZERS.has(callee.name.text);
    })
  );
}

function withPayloads(context: ResolutionContext, evaluator: ValueEvaluator, fact: ProduceFact): ProduceFact {
  return {
    ...fact,
    messages: fact.messages.map((message) => {
      const payload = message.value ? objectLiteralOf(context, evaluator, message.value) : undefined;
      const headerObject = message.headers ? objectLiteralOf(context, evaluator, message.headers) : undefined;
      const fieldTexts = new Map<ts.Node, string>();
      for (const object of [payload, headerObject]) {
        for (const property of object?.properties ?? []) {
          const written = propertyValueExpression(context.ts, property);
          const text = written && knownString(evaluator.evaluate(written));
          if (text !== undefined) fieldTexts.set(property, text);
        }
      }
      const keyText = message.keyExpression && knownString(evaluator.evaluate(message.keyExpression));
      return {
        ...message,
        ...(payload ? { payload } : {}),
        ...(headerObject ? { headerObject } : {}),
        ...(fieldTexts.size > 0 ? { fieldTexts } : {}),
        ...(keyText !== undefined ? { keyText } : {}),
      };
    }),
  };
}

/** The declaration a name stands for, across files with a checker: the identity of a router or plugin. */
function declarationOf(context: ResolutionContext, expression: ts.Expression): ts.Node | undefined {
  const t = context.ts;
  const node = unwrapExpression(t, expression);
  if (!t.isIdentifier(node)) return undefined;
  const origin = resolveIdentifier(context, node);
  if (origin?.kind !== 'declaration') return undefined;
  // `const router = Router()` and `export default router`: the variable is the identity.
  return origin.node;
}
