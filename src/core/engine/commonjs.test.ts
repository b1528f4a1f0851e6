import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { createVirtualProgram, showValue, VIRTUAL_ROOT } from '../../../test/helpers/scan.js';
import { CallerBinder } from './callers.js';
import { commonJsExportNamed, commonJsExports } from './commonjs.js';
import { dirnameRelativeModule } from './module-paths.js';
import { createResolution, fileIndexOf, scanSourceFile } from './scan-source-file.js';

const parse = (code: string, fileName = 'module.js') => ts.createSourceFile(path.join(VIRTUAL_ROOT, fileName), code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);

describe('CommonJS exports read from syntax', () => {
  it('names `exports.x`, `module.exports.x` and objects merged with Object.assign; a new `module.exports` drops what was hung on the old one', () => {
    const file = parse(`
exports.dropped = 'gone';
module.exports = { TOPIC: 'order.placed', ...base };
module.exports.publish = function publish() {};
exports['retry'] = 3;
Object.assign(module.exports, { DLQ: 'order.dlq' }, extra);
Object.assign(exports, { GROUP: 'orders' });
`);
    const exports = commonJsExports(ts, file);
    expect(ts.isObjectLiteralExpression(exports.whole!)).toBe(true);
    expect([...exports.named.keys()].sort()).toEqual(['publish', 'retry']);
    const named = (name: string) => commonJsExportNamed(ts, exports, name)?.getText();
    expect(named('dropped')).toBeUndefined();
    expect(named('publish')).toBe('module.exports.publish = function publish() {}');
    expect(named('DLQ')).toBe("DLQ: 'order.dlq'");
    expect(named('GROUP')).toBe("GROUP: 'orders'");
    // The spread after it may set it again: not certain.
    expect(named('TOPIC')).toBeUndefined();
  });

  it('a `.json` module gives its document', () => {
    const file = ts.createSourceFile(path.join(VIRTUAL_ROOT, 'config.json'), '{ "topics": { "placed": "order.placed" } }', ts.ScriptTarget.Latest, true, ts.ScriptKind.JSON);
    expect(commonJsExportNamed(ts, commonJsExports(ts, file), 'topics')?.getText()).toBe('"topics": { "placed": "order.placed" }');
  });

  it('module names built from __dirname are relative module names; anything else is not', () => {
    const argument = (code: string) => (parse(`require(${code});`).statements[0] as ts.ExpressionStatement).expression as ts.CallExpression;
    const module = (code: string) => dirnameRelativeModule(ts, argument(code).arguments[0]!);
    expect(module(`path.join(__dirname, '../shared', 'kafka')`)).toBe('../shared/kafka');
    expect(module(`path.resolve(__dirname, 'lib/topics')`)).toBe('./lib/topics');
    expect(module('`${__dirname}/handlers`')).toBe('./handlers');
    expect(module(`__dirname + '/../x'`)).toBe('../x');
    expect(module(`path.join(__dirname, name)`)).toBeUndefined();
    expect(module(`path.resolve(__dirname, '/etc/x')`)).toBeUndefined();
    expect(module(`path.join(root, 'x')`)).toBeUndefined();
  });
});

/** CommonJS services as teams write them, in one program with a checker (allowJs), as the CLI sees them. */
const FILES: Record<string, string> = {
  'cjs/shared/kafka.js': `
const { Kafka } = require('kafkajs');
const kafka = new Kafka({ clientId: 'shop', brokers: ['kafka:9092'] });
module.exports = { kafka };
`,
  'cjs/shared/topics.js': `
module.exports = { ORDER_PLACED: 'order.placed' };
module.exports.PAYMENT_SETTLED = 'payment.settled';
`,
  'cjs/shared/more-topics.js': `
const TOPICS = Object.freeze({ STOCK_LOW: 'stock.low' });
exports.GROUP = 'inventory';
Object.assign(module.exports, { TOPICS });
`,
  'cjs/shared/index.js': `module.exports = require('./more-topics');\n`,
  'cjs/shared/client.js': `
const { Kafka } = require('kafkajs');
module.exports = new Kafka({ clientId: 'clicks', brokers: ['kafka:9092'] });
module.exports.TOPIC = 'clicks.raw';
`,
  'cjs/shared/config.json': `{ "topics": { "audit": "audit.events" } }`,
  'cjs/shared/publish.js': `
const { kafka } = require('./kafka');
const producer = kafka.producer();
exports.publish = async (topic, event) => {
  await producer.send({ topic, messages: [{ key: event.id, value: JSON.stringify(event) }] });
};
module.exports.Bus = class {
  constructor(topic) { this.topic = topic; }
  async emit(event) { await producer.send({ topic: this.topic, messages: [{ key: event.id, value: '' }] }); }
};
`,
  'cjs/shared/start-consumer.js': `
const { kafka } = require('./kafka');
module.exports = async (groupId, topic) => {
  const consumer = kafka.consumer({ groupId });
  await consumer.subscribe({ topic });
};
`,
  'cjs/service/values.js': `
const path = require('path');
const { ORDER_PLACED } = require('../shared/topics');
const topics = require('../shared/topics');
const { TOPICS, GROUP } = require('../shared/index');
const client = require('../shared/client');
const config = require('../shared/config.json');
const { audit } = require('../shared/config.json').topics;
const fromDirname = require(path.join(__dirname, '../shared/topics'));
probe(ORDER_PLACED);
probe(topics.PAYMENT_SETTLED);
probe(TOPICS.STOCK_LOW);
probe(GROUP);
probe(client.TOPIC);
probe(config.topics.audit);
probe(fromDirname.ORDER_PLACED);
probe(audit);
`,
  'cjs/service/main.js': `
const { publish, Bus } = require('../shared/publish');
const listen = require('../shared/start-consumer');
publish('order.placed', { id: '1' });
new Bus('order.shipped').emit({ id: '2' });
listen('mailer', 'payment.settled');
`,
};

let shared: ReturnType<typeof setUp> | undefined;
function setUp() {
  const { program } = createVirtualProgram(FILES, { resolveJsonModule: true });
  const checker = program.getTypeChecker();
  const sourceFiles = Object.keys(FILES).map((entry) => program.getSourceFile(path.join(VIRTUAL_ROOT, entry))!);
  const resolution = createResolution(ts, checker, undefined, () => sourceFiles);
  const sourceFile = (entry: string) => program.getSourceFile(path.join(VIRTUAL_ROOT, entry))!;
  const scan = (entry: string) => scanSourceFile({ ts, sourceFile: sourceFile(entry), checker, projectFiles: () => sourceFiles, onDetectorError: (error) => { throw error; } });
  const binder = new CallerBinder(resolution.context, resolution.evaluator, sourceFiles.map((file) => fileIndexOf(ts, file)));
  return { resolution, sourceFile, scan, binder };
}
const world = () => (shared ??= setUp());

describe('CommonJS across modules, with a checker', () => {
  it('reads values through require: destructured names, whole modules, re-exports, Object.assign, names hung on a value, .json, __dirname paths', () => {
    const { resolution, sourceFile } = world();
    const found: Record<string, string> = {};
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'probe') {
        found[node.arguments[0]!.getText()] = showValue(resolution.evaluator.evaluate(node.arguments[0]!));
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile('cjs/service/values.js'));
    expect(found).toEqual({
      ORDER_PLACED: '"order.placed"',
      'topics.PAYMENT_SETTLED': '"payment.settled"',
      'TOPICS.STOCK_LOW': '"stock.low"',
      GROUP: '"inventory"',
      'client.TOPIC': '"clicks.raw"',
      'config.topics.audit': '"audit.events"',
      'fromDirname.ORDER_PLACED': '"order.placed"',
      audit: '"audit.events"',
    });
  });

  it('finds clients other modules export and places wrappers they export at the callers, under the names callers give them', () => {
    const { scan, binder } = world();
    const where = (node: ts.Node) => `${path.relative(VIRTUAL_ROOT, node.getSourceFile().fileName)}:${node.getSourceFile().getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const placed = (entry: string) => {
      const facts = scan(entry);
      return [...facts.produces, ...facts.consumes].flatMap((fact) => binder.place(fact.node, [fact.topic]).map((placement) => `${where(placement.at)} ${placement.values.map(showValue).join(' ')}`));
    };
    expect(placed('cjs/shared/publish.js')).toEqual(['cjs/service/main.js:4 "order.placed"', 'cjs/shared/publish.js:9 "order.shipped"']);
    expect(placed('cjs/shared/start-consumer.js')).toEqual(['cjs/service/main.js:6 "payment.settled"']);
  });
});
