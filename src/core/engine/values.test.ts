import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { showValue, typedScanner, VIRTUAL_ROOT } from '../../../test/helpers/scan.js';
import type { Value } from '../model/value.js';
import { createResolution } from './scan-source-file.js';
import type { ValueEvaluator } from './values.js';

/**
 * Values are read at `probe(expression)` calls (`probeEach` for every value a loop variable takes,
 * `probeList` for the elements of a list) and written as `summarize` writes them.
 */
function probes(sourceFile: ts.SourceFile, evaluator: ValueEvaluator): Record<string, string> {
  const found: Record<string, string> = {};
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.arguments[0]) {
      const argument = node.arguments[0];
      const text = argument.getText();
      if (node.expression.text === 'probe') found[text] = showValue(evaluator.evaluate(argument));
      if (node.expression.text === 'probeEach') found[`each ${text}`] = evaluator.evaluateEach(argument).map(showValue).join(' | ');
      if (node.expression.text === 'probeList') found[`list ${text}`] = evaluator.evaluateList(argument)?.map(showValue).join(' | ') ?? 'not a list';
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

const DECLARE_PROBES = 'declare function probe(x: unknown): void;\ndeclare function probeEach(x: unknown): void;\ndeclare function probeList(x: unknown): void;\n';

/** Values from syntax alone, the way ESLint without type information sees them. */
function untypedValues(code: string): Record<string, string> {
  const sourceFile = ts.createSourceFile(path.join(VIRTUAL_ROOT, 'values.ts'), DECLARE_PROBES + code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  return probes(sourceFile, createResolution(ts, undefined).evaluator);
}

/** The raw value of the only probe in `code`. */
function untypedValue(code: string): Value {
  const sourceFile = ts.createSourceFile(path.join(VIRTUAL_ROOT, 'values.ts'), DECLARE_PROBES + code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const { evaluator } = createResolution(ts, undefined);
  let value: Value | undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'probe' && node.arguments[0]) value = evaluator.evaluate(node.arguments[0]);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  if (value === undefined) throw new Error('no probe');
  return value;
}

describe('ValueEvaluator without types', () => {
  it('literals, templates, concatenation', () => {
    expect(
      untypedValues(`
const BASE = 'http://orders:3000';
const VERSION = 2;
probe('order.created');
probe(42);
probe(\`\${BASE}/v\${VERSION}/orders\`);
probe(BASE + '/health');
probe(['order', 'created'].join('.'));
probe(String(VERSION));
probe(\` \${BASE} \`.trim());
`),
    ).toEqual({
      "'order.created'": '"order.created"',
      '42': '"42"',
      '`${BASE}/v${VERSION}/orders`': '"http://orders:3000/v2/orders"',
      "BASE + '/health'": '"http://orders:3000/health"',
      "['order', 'created'].join('.')": '"order.created"',
      'String(VERSION)': '"2"',
      // Plain string methods are applied to known text.
      '` ${BASE} `.trim()': '"http://orders:3000"',
    });
  });

  it('the environment: ??, ||, chains, element access, destructured defaults', () => {
    expect(
      untypedValues(`
const { KAFKA_TOPIC = 'orders.default', KAFKA_GROUP } = process.env;
const fallback = 'http://localhost:3001';
probe(process.env.ORDERS_URL ?? 'http://localhost:3001');
probe(process.env.ORDERS_URL || fallback);
probe(process.env['ORDERS_URL']);
probe(process.env.ORDERS_URL!);
probe(process.env.PRIMARY ?? process.env.SECONDARY ?? 'orders');
probe((process.env.TOPIC ?? 'a') ?? 'b');
probe(\`\${process.env.TOPIC_PREFIX ?? 'dev'}.orders\`);
probe(KAFKA_TOPIC);
probe(KAFKA_GROUP);
probe(import.meta.env.VITE_API_URL);
`),
    ).toEqual({
      "process.env.ORDERS_URL ?? 'http://localhost:3001'": 'env(ORDERS_URL??"http://localhost:3001")',
      'process.env.ORDERS_URL || fallback': 'env(ORDERS_URL??"http://localhost:3001")',
      "process.env['ORDERS_URL']": 'env(ORDERS_URL)',
      'process.env.ORDERS_URL!': 'env(ORDERS_URL)',
      "process.env.PRIMARY ?? process.env.SECONDARY ?? 'orders'": 'env(PRIMARY??env(SECONDARY??"orders"))',
      "(process.env.TOPIC ?? 'a') ?? 'b'": 'env(TOPIC??"a")',
      "`${process.env.TOPIC_PREFIX ?? 'dev'}.orders`": 'env(TOPIC_PREFIX??"dev")+".orders"',
      KAFKA_TOPIC: 'env(KAFKA_TOPIC??"orders.default")',
      KAFKA_GROUP: 'env(KAFKA_GROUP)',
      'import.meta.env.VITE_API_URL': 'env(VITE_API_URL)',
    });
  });

  it('as const objects (nested), Object.freeze, spreads, arrays', () => {
    expect(
      untypedValues(`
export const Topics = { order: { created: 'order.created', paid: 'order.paid' }, user: 'user.created' } as const;
const Frozen = Object.freeze({ AUDIT: 'audit.log' });
const DEFAULTS = { topic: 'defaults.topic', group: 'defaults.group' };
const overridden = { ...DEFAULTS, topic: 'own.topic' };
const overriding = { topic: 'own.topic', ...DEFAULTS };
declare const runtime: { topic: string };
const unknownSpread = { topic: 'own.topic', ...runtime };
const LIST = ['first.topic', 'second.topic'] as const;
probe(Topics.order.created);
probe(Topics['user']);
probe(Frozen.AUDIT);
probe(overridden.topic);
probe(overriding.topic);
probe(overridden.group);
probe(unknownSpread.topic);
probe(LIST[1]);
probe(Topics.order.missing);
`),
    ).toEqual({
      'Topics.order.created': '"order.created"',
      "Topics['user']": '"user.created"',
      'Frozen.AUDIT': '"audit.log"',
      'overridden.topic': '"own.topic"',
      // The last definition wins, also when it comes from a spread of a known object.
      'overriding.topic': '"defaults.topic"',
      'overridden.group': '"defaults.group"',
      'unknownSpread.topic': '?(unknownSpread.topic)',
      'LIST[1]': '"second.topic"',
      'Topics.order.missing': '?(Topics.order.missing)',
    });
  });

  it('enums: string, numeric, numbered after an initializer; class statics', () => {
    expect(
      untypedValues(`
enum OrderTopic { Created = 'order.created', Paid = 'order.paid' }
enum Priority { Low, Normal, High }
enum Code { Ok = 200, Created }
class KafkaConfig {
  static readonly TOPIC = 'config.topic';
  static readonly nested = { retry: \`\${KafkaConfig.TOPIC}.retry\` };
}
probe(OrderTopic.Paid);
probe(Priority.High);
probe(Code.Created);
probe(\`\${OrderTopic.Created}.dlq\`);
probe(KafkaConfig.TOPIC);
probe(KafkaConfig.nested.retry);
`),
    ).toEqual({
      'OrderTopic.Paid': '"order.paid"',
      'Priority.High': '"2"',
      'Code.Created': '"201"',
      '`${OrderTopic.Created}.dlq`': '"order.created.dlq"',
      'KafkaConfig.TOPIC': '"config.topic"',
      'KafkaConfig.nested.retry': '"config.topic.retry"',
    });
  });

  it('zero-argument config functions and new URL(path, base)', () => {
    expect(
      untypedValues(`
const BASE = process.env.PAYMENTS_URL ?? 'http://payments:8080';
const config = () => ({ kafka: { topic: 'cfg.topic' }, payments: { url: BASE } });
function settings() {
  return { topic: 'settings.topic' };
}
probe(config().kafka.topic);
probe(config().payments.url);
probe(settings().topic);
probe(new URL('/charges', BASE));
probe(new URL('/charges', BASE).href);
probe(new URL('charges', 'http://payments:8080/api/').toString());
probe(new URL('http://other:1/x', BASE));
`),
    ).toEqual({
      'config().kafka.topic': '"cfg.topic"',
      'config().payments.url': 'env(PAYMENTS_URL??"http://payments:8080")',
      'settings().topic': '"settings.topic"',
      "new URL('/charges', BASE)": 'env(PAYMENTS_URL??"http://payments:8080")+"/charges"',
      "new URL('/charges', BASE).href": 'env(PAYMENTS_URL??"http://payments:8080")+"/charges"',
      "new URL('charges', 'http://payments:8080/api/').toString()": '"http://payments:8080/api/charges"',
      "new URL('http://other:1/x', BASE)": '"http://other:1/x"',
    });
  });

  it('parameters become `param` values with their index and path', () => {
    expect(
      untypedValues(`
export function publish(topic: string, record: { topic: string; meta: { source: string } }, { destination }: { destination: string }) {
  probe(topic);
  probe(record.topic);
  probe(record.meta.source);
  probe(destination);
  probe(\`\${topic}.retry\`);
}
export const handler = async ({ event: { type } }: { event: { type: string } }) => probe(type);
`),
    ).toEqual({
      topic: 'param(0)',
      'record.topic': 'param(1.topic)',
      'record.meta.source': 'param(1.meta.source)',
      destination: 'param(2.destination)',
      '`${topic}.retry`': 'param(0)+".retry"',
      type: 'param(0.event.type)',
    });
    const value = untypedValue(`function send(url: string, options: { topic: string }) { probe(options.topic); }`);
    expect(value).toMatchObject({ kind: 'param', index: 1, path: ['topic'], text: 'options.topic' });
    expect(value.kind === 'param' && ts.isFunctionDeclaration(value.owner as ts.Node)).toBe(true);
  });

  it('class members: initializers, constructor parameter properties, getters, fields set more than once', () => {
    expect(
      untypedValues(`
export class PaymentsClient {
  private readonly topic = 'payments.topic';
  private readonly retryTopic: string;
  private mutable = 'first';
  private readonly sameTwice: string;
  constructor(private readonly baseUrl: string, private readonly options: { timeout: number; path: string }, flag: boolean) {
    this.retryTopic = \`\${this.topic}.retry\`;
    this.sameTwice = flag ? 'same' : 'same';
  }
  get dlq() {
    return this.topic + '.dlq';
  }
  change() {
    this.mutable = 'second';
  }
  run() {
    probe(this.topic);
    probe(this.retryTopic);
    probe(this.baseUrl);
    probe(this.options.path);
    probe(this.dlq);
    probe(this.mutable);
    probe(this.sameTwice);
    probe(this.undeclared);
  }
}
`),
    ).toEqual({
      'this.topic': '"payments.topic"',
      'this.retryTopic': '"payments.topic.retry"',
      // A parameter property is the constructor's parameter: `new PaymentsClient(url)` binds it.
      'this.baseUrl': 'param(0)',
      'this.options.path': 'param(1.path)',
      'this.dlq': '"payments.topic.dlq"',
      // Set by its initializer and again in a method: which one holds at run time is not known.
      'this.mutable': '?(this.mutable)',
      'this.sameTwice': '"same"',
      'this.undeclared': '?(this.undeclared)',
    });
  });

  it('a member a class declares and never sets is a parameter of the class, for subclasses to bind', () => {
    const value = untypedValue(`
export abstract class BaseConsumer {
  protected abstract readonly topic: string;
  protected abstract readonly options: { group: string };
  start() {
    probe(this.topic);
  }
}
`);
    expect(value).toMatchObject({ kind: 'param', index: -1, path: ['topic'], text: 'this.topic' });
    expect(value.kind === 'param' && ts.isClassDeclaration(value.owner as ts.Node)).toBe(true);
    expect(
      untypedValues(`
export abstract class BaseConsumer {
  protected abstract readonly options: { group: string };
  topic!: string;
  start() {
    probe(this.options.group);
    probe(\`\${this.topic}.retry\`);
  }
}
export class OrderConsumer extends BaseConsumer {
  protected readonly options = { group: 'orders' };
  constructor() {
    super();
    this.topic = 'order.created';
  }
}
`),
    ).toEqual({ 'this.options.group': 'param(-1.options.group)', '`${this.topic}.retry`': 'param(-1.topic)+".retry"' });
  });

  it('loop variables and lists', () => {
    expect(
      untypedValues(`
const TOPICS = ['order.created', 'order.paid'] as const;
const MORE = [...TOPICS, 'order.refunded'];
const Named = { A: 'named.a', B: 'named.b' } as const;
enum Stringy { A = 'enum.a', B = 'enum.b' }
enum Numeric { A, B }
declare const runtime: string[];
for (const topic of TOPICS) probeEach(topic);
for (const name in Named) probeEach(name);
TOPICS.forEach((each) => probeEach(each));
Object.values(Named).map((value) => probeEach(value));
runtime.forEach((item) => probeEach(item));
TOPICS.filter((kept) => probeEach(kept));
probeList(MORE);
probeList([...runtime, 'tail']);
probeList(Object.values(Stringy));
probeList(Object.values(Numeric));
probeList('not.a.list');
`),
    ).toEqual({
      'each topic': '"order.created" | "order.paid"',
      // `for...in` walks keys, not values: one unknown.
      'each name': '?(name)',
      'each each': '"order.created" | "order.paid"',
      'each value': '"named.a" | "named.b"',
      // Over a list built elsewhere, and for `filter` (which may keep any subset), the callback's
      // parameter stays what it is: a parameter, which no call site binds, so the host reports it unknown.
      'each item': 'param(0)',
      'each kept': 'param(0)',
      'list MORE': '"order.created" | "order.paid" | "order.refunded"',
      "list [...runtime, 'tail']": "?(...runtime) | \"tail\"",
      'list Object.values(Stringy)': '"enum.a" | "enum.b"',
      // A numeric enum also maps values back to names: `Object.values` holds both, so it is not read.
      'list Object.values(Numeric)': 'not a list',
      "list 'not.a.list'": 'not a list',
    });
  });

  it('values that must stay unknown, never guessed (and the near misses that are not guesses)', () => {
    expect(
      untypedValues(`
let reassigned = 'a';
reassigned = 'b';
let assignedOnce: string;
assignedOnce = 'once';
declare const flag: boolean;
declare function topicFor(service: string): string;
const build = (name: string) => \`\${name}.topic\`;
declare const config: { topic?: string };
const { topic: configured = 'default.topic' } = config;
const known = { other: 'x' };
const { topic: defaulted = 'default.topic' } = known;
export function f(topic?: string) {
  probe(reassigned);
  probe(assignedOnce);
  probe(flag ? 'order.created' : 'order.paid');
  probe(flag ? 'same.topic' : 'same.topic');
  probe(topicFor('orders'));
  probe(build('orders'));
  probe(topic ?? 'fallback');
  probe(undefined);
  probe(configured);
  probe(defaulted);
  probe(Math.random().toString());
  probe(notDeclaredAnywhere);
}
`),
    ).toEqual({
      // Read in a function, after the module has run: the last assignment beside the declaration.
      reassigned: '"b"',
      assignedOnce: '"once"',
      "flag ? 'order.created' : 'order.paid'": 'oneOf("order.created" | "order.paid")',
      "flag ? 'same.topic' : 'same.topic'": '"same.topic"',
      "topicFor('orders')": "?(topicFor('orders'))",
      // A project function is evaluated with its arguments: not a guess, its body says so.
      "build('orders')": '"orders.topic"',
      // A parameter with a default its callers may leave out: bound at each caller, the default when absent.
      "topic ?? 'fallback'": 'param(0??"fallback")',
      undefined: '?(undefined)',
      // A default applies when the property is missing; a property of an unknown object may be set.
      configured: '?(configured)',
      defaulted: '"default.topic"',
      'Math.random().toString()': '?(Math.random())',
      notDeclaredAnywhere: '?(notDeclaredAnywhere)',
    });
  });

  it('an import of another module is unknown without types', () => {
    expect(untypedValues(`import { TOPIC } from './topics';\nimport * as topics from './topics';\nprobe(TOPIC);\nprobe(topics.TOPIC);\n`)).toEqual({
      TOPIC: '?(TOPIC)',
      'topics.TOPIC': '?(topics.TOPIC)',
    });
    expect(untypedValue(`import { TOPIC } from './topics';\nprobe(TOPIC);`)).toMatchObject({ kind: 'unknown', reason: "imported from './topics'" });
  });
});

const TYPED_FILES: Record<string, string> = {
  'shared/topics.ts': `export const ORDER_CREATED = 'order.created';
export enum PaymentTopic { Captured = 'payment.captured', Failed = 'payment.failed' }
export enum Retry { First = 1, Second }
export const Topics = { user: { created: 'user.created' } } as const;
export const PAYMENTS_URL = process.env.PAYMENTS_URL ?? 'http://payments:8080';
export const Frozen = Object.freeze({ AUDIT: 'audit.log' });
export class KafkaConfig {
  static readonly GROUP = 'orders-group';
}
export const kafkaConfig = () => ({ topic: 'config.topic' });
export default 'default.topic';
`,
  'shared/index.ts': `export * from './topics';
export { ORDER_CREATED as CREATED } from './topics';
export { default as DEFAULT_TOPIC } from './topics';
`,
  'shared/mutable.ts': `export let current = 'a';
export function change() {
  current = 'b';
}
`,
  'service/use.ts': `import { CREATED, DEFAULT_TOPIC, Frozen, KafkaConfig, kafkaConfig, ORDER_CREATED, PaymentTopic, PAYMENTS_URL, Retry, Topics } from '../shared';
import * as shared from '../shared/topics';
import * as barrel from '../shared';
import defaultTopic from '../shared/topics';
import { current } from '../shared/mutable';
import { Kafka } from 'kafkajs';

declare function probe(x: unknown): void;

probe(ORDER_CREATED);
probe(CREATED);
probe(PaymentTopic.Failed);
probe(Retry.Second);
probe(Topics.user.created);
probe(\`\${PAYMENTS_URL}/charges\`);
probe(Frozen.AUDIT);
probe(KafkaConfig.GROUP);
probe(kafkaConfig().topic);
probe(defaultTopic);
probe(DEFAULT_TOPIC);
probe(shared.ORDER_CREATED);
probe(shared.Topics.user.created);
probe(barrel.PaymentTopic.Captured);
probe(current);
probe(Kafka);
`,
};

describe('ValueEvaluator with types', () => {
  let typed: Record<string, string> | undefined;
  const typedValues = () => {
    if (typed) return typed;
    const { program, errors } = typedScanner(TYPED_FILES);
    expect(errors('service/use.ts')).toEqual([]);
    const sourceFile = program.getSourceFile(path.join(VIRTUAL_ROOT, 'service/use.ts'))!;
    typed = probes(sourceFile, createResolution(ts, program.getTypeChecker()).evaluator);
    return typed;
  };

  it('follows imports, namespace imports, `export *` and `export { X } from` into the declaring file', () => {
    expect(typedValues()).toEqual({
      ORDER_CREATED: '"order.created"',
      CREATED: '"order.created"',
      'PaymentTopic.Failed': '"payment.failed"',
      'Retry.Second': '"2"',
      'Topics.user.created': '"user.created"',
      '`${PAYMENTS_URL}/charges`': 'env(PAYMENTS_URL??"http://payments:8080")+"/charges"',
      'Frozen.AUDIT': '"audit.log"',
      'KafkaConfig.GROUP': '"orders-group"',
      'kafkaConfig().topic': '"config.topic"',
      defaultTopic: '"default.topic"',
      DEFAULT_TOPIC: '"default.topic"',
      'shared.ORDER_CREATED': '"order.created"',
      'shared.Topics.user.created': '"user.created"',
      'barrel.PaymentTopic.Captured': '"payment.captured"',
      // An exported `let` that a function of its module changes: either value, once the module has run.
      current: 'oneOf("a" | "b")',
      // A library's export is a leaf: its meaning is in the detectors, not in its .d.ts.
      Kafka: '?(Kafka)',
    });
  });
});

describe('project functions evaluated with their arguments', () => {
  it('reads guarded returns, decides guards on known text, and gives up on anything else', () => {
    expect(
      untypedValues(`
function normalizePath(path: string): string {
  if (path.startsWith('/')) {
    return path;
  }
  return \`/\${path}\`;
}
function buildUpstreamUrl(baseUrl: string, path: string): string {
  const trimmedBase = baseUrl.replace(/\\/+$/, '');
  return \`\${trimmedBase}\${normalizePath(path)}\`;
}
function loops(name: string): string {
  for (const suffix of ['a', 'b']) if (name.endsWith(suffix)) return name;
  return name;
}
function throwsFirst(name: string): string {
  if (!name) throw new Error('no name');
  return name + '.v1';
}
export function f(id: string) {
  probe(buildUpstreamUrl('http://fx-srv:3002/', 'rates/pairs'));
  probe(buildUpstreamUrl('http://fx-srv:3002', '/rates/pairs'));
  probe(normalizePath(\`/orders/\${id}\`));
  probe(normalizePath(id));
  probe(loops('x'));
  probe(throwsFirst('orders'));
}
`),
    ).toEqual({
      "buildUpstreamUrl('http://fx-srv:3002/', 'rates/pairs')": '"http://fx-srv:3002/rates/pairs"',
      "buildUpstreamUrl('http://fx-srv:3002', '/rates/pairs')": '"http://fx-srv:3002/rates/pairs"',
      // A partly known path decides the guard by its known start.
      'normalizePath(`/orders/${id}`)': '"/orders/"+param(0)',
      // The argument is the caller's parameter: evaluated when the caller's callers bind it.
      'normalizePath(id)': 'apply(normalizePath(id))',
      "loops('x')": "?(loops('x'))",
      "throwsFirst('orders')": '"orders.v1"',
    });
  });
});

describe('values with several readings', () => {
  it('ternaries, `let` assigned in branches, `??`/`||` fallbacks and functions returning in branches', () => {
    expect(
      untypedValues(`
declare const req: unknown;
declare const config: { url?: string };
const ON_SERVER = true;
function baseFor(isServer: boolean) {
  if (isServer) return 'http://orders:3000';
  return '/api';
}
export function f(onServer: boolean, id: string) {
  let base = 'http://localhost:4100';
  if (onServer) {
    base = 'http://orders:3000';
  }
  probe(base);
  let overwritten = 'http://first';
  if (req) overwritten = 'http://branch';
  overwritten = 'http://last';
  probe(overwritten);
  let appended = 'http://a';
  appended += '/v2';
  probe(appended);
  let looped = 'a';
  for (const each of ['x']) {
    probe(looped);
    looped = each;
  }
  probe(ON_SERVER ? 'decided' : 'other');
  probe(\`\${onServer ? 'http://orders:3000' : 'http://localhost:4100'}/orders/\${id}\`);
  probe(config.url ?? 'http://fallback');
  probe(undefined ?? 'http://only');
  probe('' || 'http://empty');
  probe(baseFor(typeof window === 'undefined'));
}
`),
    ).toEqual({
      base: 'oneOf("http://localhost:4100" | "http://orders:3000")',
      // An assignment beside the declaration replaces what came before it, in branches too.
      overwritten: '"http://last"',
      // `+=` changes the text in place: its readings are not spelled out.
      appended: '?(appended)',
      // In a loop, a later assignment reaches an earlier read on the next turn.
      looped: 'oneOf("a" | param(0))',
      "ON_SERVER ? 'decided' : 'other'": '"decided"',
      "`${onServer ? 'http://orders:3000' : 'http://localhost:4100'}/orders/${id}`": 'oneOf("http://orders:3000/orders/"+param(1) | "http://localhost:4100/orders/"+param(1))',
      // A left side that may be set keeps its reading beside the fallback.
      "config.url ?? 'http://fallback'": 'oneOf(?(config.url) | "http://fallback")',
      "undefined ?? 'http://only'": '"http://only"',
      "'' || 'http://empty'": '"http://empty"',
      "baseFor(typeof window === 'undefined')": 'oneOf("http://orders:3000" | "/api")',
    });
  });

  it('plain string methods on known text, and on a parameter once bound', () => {
    expect(
      untypedValues(`
const NAME = 'ACCOUNT_OPENED';
export function f(topic: string) {
  probe(NAME.toLowerCase());
  probe('orders'.toUpperCase());
  probe('http://a/b/'.replace(/\\/+$/, ''));
  probe('a_b_c'.replaceAll('_', '.'));
  probe('a_b_c'.replace(/_/g, '-'));
  probe(topic.toLowerCase());
  probe('aaaa'.replace(/(a+)+$/, ''));
}
`),
    ).toEqual({
      'NAME.toLowerCase()': '"account_opened"',
      "'orders'.toUpperCase()": '"ORDERS"',
      "'http://a/b/'.replace(/\\/+$/, '')": '"http://a/b"',
      "'a_b_c'.replaceAll('_', '.')": '"a.b.c"',
      "'a_b_c'.replace(/_/g, '-')": '"a-b-c"',
      'topic.toLowerCase()': 'toLowerCase(param(0))',
      // A pattern that could backtrack without end is not run.
      "'aaaa'.replace(/(a+)+$/, '')": "?('aaaa'.replace(/(a+)+$/, ''))",
    });
  });

  it("String's concat on text, never an array's; React's useMemo gives what its factory returns", () => {
    expect(
      untypedValues(`
const API_URL = process.env.API_URL ?? 'http://api:8080';
const IDS = ['a'];
declare function useMemo<T>(factory: () => T, deps: unknown[]): T;
declare const React: { useMemo<T>(factory: () => T, deps: unknown[]): T };
export function Page(id: string) {
  const API = useMemo(() => 'http://localhost:8080', []);
  const base = React.useMemo(() => { return \`\${API_URL}/v2\`; }, [API_URL]);
  probe(API_URL.concat('/status/').concat(id));
  probe('http://a'.concat('/b', '/c'));
  probe(IDS.concat(['b']));
  probe(\`\${API}/tweet/create\`);
  probe(base + '/orders');
  probe(useMemo((x: string) => x, []));
}
`),
    ).toEqual({
      "API_URL.concat('/status/').concat(id)": 'env(API_URL??"http://api:8080")+"/status/"+param(0)',
      "'http://a'.concat('/b', '/c')": '"http://a/b/c"',
      "IDS.concat(['b'])": "?(IDS.concat(['b']))",
      '`${API}/tweet/create`': '"http://localhost:8080/tweet/create"',
      "base + '/orders'": 'env(API_URL??"http://api:8080")+"/v2/orders"',
      // A factory that takes arguments is not React's.
      'useMemo((x: string) => x, [])': '?(useMemo((x: string) => x, []))',
    });
  });

  it('lists the code builds: map, filter (its test read per element), flatMap, Object.keys/entries, destructuring', () => {
    expect(
      untypedValues(`
const TOPICS = { ACCOUNT_OPENED: 'accounts.opened', ACCOUNT_CLOSED: 'accounts.closed' } as const;
const configs = [
  { topicName: 'ledger.entries', kind: 'ledger' },
  { topicName: 'ledger.audit', kind: 'audit', internal: true },
];
declare const flags: Record<string, boolean>;
probeList(configs.filter((t) => !t.internal).map((t) => t.topicName));
probeList(configs.filter((t) => t.kind === 'audit').map((t) => t.topicName));
probeList(configs.filter((t) => flags[t.kind]).map((t) => t.topicName));
probeList(configs.flatMap((c) => (c.internal ? [] : [c.topicName, \`\${c.topicName}.dlq\`])));
probeList([...Object.keys(TOPICS).map((name) => \`mirror.\${name.toLowerCase()}\`)]);
probeList(Object.entries(TOPICS).map(([, topic]) => topic));
probeList(configs.map((c) => c.topicName).concat(['extra']));
for (const { topicName } of configs.filter((t) => t.internal)) probeEach(topicName);
for (const [key, topic] of Object.entries(TOPICS)) probeEach(topic);
`),
    ).toEqual({
      'list configs.filter((t) => !t.internal).map((t) => t.topicName)': '"ledger.entries"',
      "list configs.filter((t) => t.kind === 'audit').map((t) => t.topicName)": '"ledger.audit"',
      // A test read at run time keeps every element, as candidates of one.
      'list configs.filter((t) => flags[t.kind]).map((t) => t.topicName)': 'oneOf("ledger.entries" | "ledger.audit")',
      'list configs.flatMap((c) => (c.internal ? [] : [c.topicName, `${c.topicName}.dlq`]))': '"ledger.entries" | "ledger.entries.dlq"',
      'list [...Object.keys(TOPICS).map((name) => `mirror.${name.toLowerCase()}`)]': '"mirror.account_opened" | "mirror.account_closed"',
      'list Object.entries(TOPICS).map(([, topic]) => topic)': '"accounts.opened" | "accounts.closed"',
      "list configs.map((c) => c.topicName).concat(['extra'])": '"ledger.entries" | "ledger.audit" | "extra"',
      'each topicName': '"ledger.audit"',
      'each topic': '"accounts.opened" | "accounts.closed"',
    });
  });
});
