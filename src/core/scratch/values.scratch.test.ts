import { it } from 'vitest';
import path from 'node:path';
import ts from 'typescript';
import { createVirtualProgram, showValue, VIRTUAL_ROOT } from '../../../test/helpers/scan.js';
import { createResolution } from '../engine/scan-source-file.js';

function probes(sf: ts.SourceFile): ts.Expression[] {
  const found: ts.Expression[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'probe' && n.arguments[0]) found.push(n.arguments[0]);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}
function untyped(code: string): string[] {
  const sf = ts.createSourceFile(path.join(VIRTUAL_ROOT, 'v.ts'), code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const { evaluator } = createResolution(ts, undefined);
  return probes(sf).map((e) => `${e.getText()} => ${showValue(evaluator.evaluate(e))}`);
}

const single = `
declare function probe(x: unknown): void;
const BASE = 'http://orders:3000';
const { KAFKA_TOPIC = 'x.default', OTHER } = process.env;
export const Topics = { order: { created: 'order.created' }, user: 'user.created' } as const;
enum Str { A = 'a.topic', B = 'b.topic' }
enum Num { Zero, One, Two }
enum Mixed { A = 5, B }
class Cfg { static readonly TOPIC = 'cls.topic'; static nested = { t: 'nested.topic' }; }
const Frozen = Object.freeze({ X: 'frozen.x' });
const config = () => ({ kafka: { topic: 'cfg.topic' }, url: process.env.URL ?? 'http://c:1' });
function configFn() { return { topic: 'fn.topic' }; }
let reassigned = 'a';
reassigned = 'b';
let assignedOnce: string;
assignedOnce = 'once';
const flag = Math.random() > 0.5;
function withArg(x: string) { return x; }
const arr = ['order', 'created'] as const;
export function handler(topic: string, record: { topic: string; nested: { t: string } }, { dest }: { dest: string }) {
  probe('literal');
  probe(42);
  probe(\`\${BASE}/orders/\${topic}\`);
  probe(BASE + '/x');
  probe(process.env.ORDERS_URL ?? 'http://localhost:3001');
  probe(process.env.ORDERS_URL || BASE);
  probe(process.env['ORDERS_URL']);
  probe(KAFKA_TOPIC);
  probe(OTHER);
  probe(Topics.order.created);
  probe(Topics['user']);
  probe(Str.B);
  probe(Num.Two);
  probe(Mixed.B);
  probe(Cfg.TOPIC);
  probe(Cfg.nested.t);
  probe(Frozen.X);
  probe(config().kafka.topic);
  probe(config().url);
  probe(configFn().topic);
  probe(new URL('/orders', BASE));
  probe(new URL('/orders', BASE).href);
  probe(new URL('orders', BASE + '/api/'));
  probe(topic);
  probe(record.topic);
  probe(record.nested.t);
  probe(dest);
  probe(reassigned);
  probe(assignedOnce);
  probe(flag ? 'a' : 'b');
  probe(flag ? 'same' : 'same');
  probe(withArg('x'));
  probe(arr.join('.'));
  probe(undefined);
  probe(topic ?? 'fallback');
  probe(\`\${Str.A}.retry\`);
  probe(String(Num.One));
  probe(/^orders\\./i);
  probe(new RegExp('^orders'));
}
`;

it('single', () => { console.log(untyped(single).join('\n')); });

const files: Record<string, string> = {
  'x/topics.ts': `export const TOPIC = 'imported.topic';\nexport enum E { A = 'enum.a' }\nexport const T = { a: { b: 'deep.b' } } as const;\nexport default 'default.topic';\nexport const URL_A = process.env.A_URL ?? 'http://a:1';\n`,
  'x/index.ts': `export * from './topics';\nexport { TOPIC as RENAMED } from './topics';\n`,
  'x/use.ts': `import { TOPIC, E, T, URL_A } from './topics';
import * as ns from './topics';
import dflt from './topics';
import { RENAMED, TOPIC as T2 } from './index';
import * as idx from './index';
import { Kafka } from 'kafkajs';
declare function probe(x: unknown): void;
probe(TOPIC);
probe(E.A);
probe(T.a.b);
probe(ns.TOPIC);
probe(ns.T.a.b);
probe(ns.E.A);
probe(dflt);
probe(RENAMED);
probe(T2);
probe(idx.TOPIC);
probe(idx.T.a.b);
probe(URL_A + '/x');
probe(Kafka);
`,
};
it('typed', () => {
  const { program } = createVirtualProgram(files);
  const sf = program.getSourceFile(path.join(VIRTUAL_ROOT, 'x/use.ts'))!;
  console.log(program.getSemanticDiagnostics(sf).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')));
  const { evaluator } = createResolution(ts, program.getTypeChecker());
  console.log(probes(sf).map((e) => `${e.getText()} => ${showValue(evaluator.evaluate(e))}`).join('\n'));
  const { evaluator: u } = createResolution(ts, undefined);
  console.log(probes(sf).map((e) => `${e.getText()} => ${showValue(u.evaluate(e))}`).join('\n'));
});
