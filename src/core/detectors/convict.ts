import type ts from 'typescript';
import { unknownValue, type Value } from '../model/value.js';
import { calleeName, calleeReceiver, propertyInitializer, shortText, unwrapExpression } from '../engine/ast.js';
import type { Detector, ValueScan } from '../engine/detector.js';

const MODULE = 'convict';
const CONFIG = 'convict.config';

/**
 * `convict`: `config.get('services.order.address')` reads the schema given to `convict({...})` along the dotted
 * key; the leaf's `env` names the environment variable that sets it, and its `default` is the value when the
 * variable is not set (a command-line `arg` is not known before run time, and is not read). It makes no calls
 * of its own; it tells the engine what such a call's value is.
 */
export const convictDetector: Detector = {
  library: MODULE,
  modules: [MODULE],
  clients: {
    calls: [
      { module: MODULE, name: 'default', kind: CONFIG },
      { module: MODULE, name: '*', kind: CONFIG },
    ],
  },
  detect() {
    // No interactions: values only (see valueOfCall).
  },
  valueOfCall(call, scan) {
    if (calleeName(scan.ts, call) !== 'get') return undefined;
    const receiver = calleeReceiver(scan.ts, call);
    const config = receiver === undefined ? undefined : scan.classify(receiver);
    if (config?.kind !== CONFIG || config.creation === undefined) return undefined;
    const keyArgument = call.arguments[0];
    if (keyArgument === undefined) return undefined;
    const key = scan.evaluate(keyArgument);
    if (key.kind !== 'string') return unknownValue(shortText(call), 'a configuration key computed at run time');
    return schemaValue(scan, config.creation, key.value.split('.'), shortText(call));
  },
};

/** The value of the schema leaf at `path`: its `env` variable, falling back to its `default`. */
function schemaValue(scan: ValueScan, creation: ts.Expression, path: readonly string[], text: string): Value {
  const t = scan.ts;
  const created = unwrapExpression(t, creation);
  let node = t.isCallExpression(created) && created.arguments[0] ? scan.definition(created.arguments[0]) : undefined;
  for (const name of path) {
    const next = node !== undefined && t.isObjectLiteralExpression(node) ? propertyInitializer(t, node, name) : undefined;
    node = next === undefined ? undefined : scan.definition(next);
  }
  if (node === undefined || !t.isObjectLiteralExpression(node)) return unknownValue(text, `no schema entry '${path.join('.')}'`);
  const fallbackNode = propertyInitializer(t, node, 'default');
  const fallback = fallbackNode === undefined ? undefined : scan.evaluate(fallbackNode);
  const envNode = propertyInitializer(t, node, 'env');
  const env = envNode === undefined ? undefined : scan.evaluate(envNode);
  if (env?.kind === 'string') return { kind: 'env', name: env.value, ...(fallback ? { fallback } : {}), text };
  return fallback ?? unknownValue(text, `no default or env for '${path.join('.')}'`);
}
