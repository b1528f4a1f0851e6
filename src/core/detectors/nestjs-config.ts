import type ts from 'typescript';
import { unknownValue, type Value } from '../model/value.js';
import { calleeName, calleeReceiver, propertyInitializer, returnedExpressions, shortText, unwrapExpression } from '../engine/ast.js';
import type { Detector, ValueScan } from '../engine/detector.js';
import type { FileIndex } from '../engine/file-index.js';
import { envFilePaths } from './env-files.js';
import { importedCallee } from './http-client-calls.js';

const MODULE = '@nestjs/config';
const CONFIG_SERVICE = 'nest-config.service';

/**
 * `@nestjs/config`: `configService.get(key, default)` reads, in this order (ConfigService.get), the
 * environment variable named `key`, then the configuration the `ConfigModule.forRoot({ load: [...] })`
 * factories return (`registerAs('payment', ...)` namespaces included), then the default. It makes no calls
 * of its own; it tells the engine what such a call's value is, and which env files
 * `ConfigModule.forRoot({ envFilePath })` loads.
 */
export const nestjsConfigDetector: Detector = {
  library: MODULE,
  modules: [MODULE],
  clients: { types: [{ module: MODULE, name: 'ConfigService', kind: CONFIG_SERVICE }] },
  detect(scan) {
    // No interactions: values (see valueOfCall), and the env files `forRoot` reads unless told not to.
    const t = scan.ts;
    for (const call of scan.calls('forRoot')) {
      const entity = importedCallee(scan, call.expression);
      if (entity?.module !== MODULE || entity.name !== 'ConfigModule.forRoot') continue;
      const options = call.arguments[0] && scan.definition(call.arguments[0]);
      if (options === undefined || !t.isObjectLiteralExpression(options)) continue;
      const ignored = propertyInitializer(t, options, 'ignoreEnvFile');
      if (ignored?.kind === t.SyntaxKind.TrueKeyword) continue;
      const envFilePath = propertyInitializer(t, options, 'envFilePath');
      if (envFilePath !== undefined) scan.emit.envFile({ library: MODULE, node: call, files: envFilePaths(scan, envFilePath) });
    }
  },
  valueOfCall(call, scan) {
    const method = calleeName(scan.ts, call);
    if (method !== 'get' && method !== 'getOrThrow') return undefined;
    const receiver = calleeReceiver(scan.ts, call);
    if (receiver === undefined || scan.classify(receiver)?.kind !== CONFIG_SERVICE) return undefined;
    const keyArgument = call.arguments[0];
    if (keyArgument === undefined) return undefined;
    const key = scan.evaluate(keyArgument);
    if (key.kind !== 'string') return unknownValue(shortText(call), 'a configuration key computed at run time');
    const defaultArgument = call.arguments[1];
    // `get(key, { infer: true })` passes options, not a default.
    const defaultValue =
      defaultArgument && !scan.ts.isObjectLiteralExpression(unwrapExpression(scan.ts, defaultArgument)) ? scan.evaluate(defaultArgument) : undefined;
    const loaded = loadedConfiguration(scan, key.value);
    const fallback = loaded ?? defaultValue;
    // A dotted key is never an environment variable name.
    if (key.value.includes('.')) return fallback ?? unknownValue(shortText(call), `no loaded configuration gives '${key.value}'`);
    return { kind: 'env', name: key.value, ...(fallback ? { fallback } : {}), text: shortText(call) };
  },
};

/** The value the loaded configuration factories give `key`, when one of them does. */
function loadedConfiguration(scan: ValueScan, key: string): Value | undefined {
  const path = key.split('.');
  for (const factory of configurationFactories(scan)) {
    const inside = factory.namespace === undefined ? path : path[0] === factory.namespace ? path.slice(1) : undefined;
    if (inside === undefined || inside.length === 0) continue;
    for (const returned of returnedExpressions(scan.ts, factory.fn)) {
      const value = scan.evaluatePath(returned, inside);
      if (value.kind !== 'unknown') return value;
    }
  }
  return undefined;
}

interface ConfigurationFactory {
  readonly namespace?: string;
  readonly fn: ts.SignatureDeclaration;
}

/** The factories of every `ConfigModule.forRoot({ load })` / `forFeature(...)` in the project. */
function configurationFactories(scan: ValueScan): ConfigurationFactory[] {
  const t = scan.ts;
  const factories: ConfigurationFactory[] = [];
  for (const index of scan.projectFiles()) {
    for (const name of ['forRoot', 'forFeature']) {
      for (const call of index.callsByName.get(name) ?? []) {
        const receiver = calleeReceiver(t, call);
        if (receiver === undefined || !isFromModule(scan, index, receiver, 'ConfigModule')) continue;
        const argument = call.arguments[0];
        if (argument === undefined) continue;
        const options = scan.definition(argument);
        const load = t.isObjectLiteralExpression(options) ? propertyInitializer(t, options, 'load') : name === 'forFeature' ? argument : undefined;
        const entries = load === undefined ? [] : t.isArrayLiteralExpression(scan.definition(load)) ? (scan.definition(load) as ts.ArrayLiteralExpression).elements : [load];
        for (const entry of entries) {
          const factory = factoryOf(scan, entry);
          if (factory) factories.push(factory);
        }
      }
    }
  }
  return factories;
}

/** `() => ({...})`, a function declaration, or `registerAs('payment', () => ({...}))`. */
function factoryOf(scan: ValueScan, expression: ts.Expression): ConfigurationFactory | undefined {
  const t = scan.ts;
  const definition = scan.definition(expression);
  if (t.isArrowFunction(definition) || t.isFunctionExpression(definition)) return { fn: definition };
  if (t.isCallExpression(definition) && calleeName(t, definition) === 'registerAs') {
    const namespace = definition.arguments[0] ? scan.evaluate(definition.arguments[0]) : undefined;
    const fn = definition.arguments[1] ? scan.definition(definition.arguments[1]) : undefined;
    if (namespace?.kind === 'string' && fn && (t.isArrowFunction(fn) || t.isFunctionExpression(fn))) return { namespace: namespace.value, fn };
  }
  // `load: [configuration]` where `export default function configuration() {...}`.
  if (t.isIdentifier(definition)) {
    const declaration = functionDeclarationOf(scan, definition);
    if (declaration) return { fn: declaration };
  }
  return undefined;
}

function functionDeclarationOf(scan: ValueScan, identifier: ts.Identifier): ts.FunctionDeclaration | undefined {
  const t = scan.ts;
  for (let scope: ts.Node | undefined = identifier; scope !== undefined; scope = scope.parent as ts.Node | undefined) {
    if (!t.isSourceFile(scope)) continue;
    for (const statement of scope.statements) {
      if (t.isFunctionDeclaration(statement) && statement.name?.text === identifier.text) return statement;
    }
  }
  return undefined;
}

function isFromModule(scan: ValueScan, index: FileIndex, expression: ts.Expression, name: string): boolean {
  const entity = scan.importedEntity(index, expression);
  return entity?.module === MODULE && entity.name === name;
}
