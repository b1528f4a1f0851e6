import fc from 'fast-check';
import { hostileText } from '../helpers/fuzz.js';

/*
 * Generated TypeScript programs in the shapes the detectors look at: clients created, passed around and
 * called with any expression where a topic, a URL, a key or a handler goes; values built by
 * concatenation, templates, `??`, conditionals, objects, arrays, calls, loops and callbacks; decorators.
 * They parse (every piece is written as valid syntax), which is what the engine receives from both hosts.
 */

const IDENTIFIERS = ['topic', 'url', 'base', 'id', 'config', 'producer', 'consumer', 'client', 'http', 'axios', 'kafka', 'TOPICS', 'undefined', 'this', 'resolve'];

const literal: fc.Arbitrary<string> = fc.oneof(
  hostileText.map((text) => JSON.stringify(text)),
  fc.integer().map(String),
  fc.constantFrom('true', 'null', '/^orders\\./', "'http://orders:8080/x'", "'order.created'", '`${base}/x`'),
);

const leaf: fc.Arbitrary<string> = fc.oneof(
  literal,
  fc.constantFrom(...IDENTIFIERS),
  fc.constantFrom('process.env.API_URL', "process.env['TOPIC']", 'config.url', 'this.topic', 'Topics.ORDER'),
);

/** Expressions nested up to a few levels, each written with its own parentheses where precedence matters. */
export const expression: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `(${a} + ${b})`),
    fc.array(leaf, { minLength: 2, maxLength: 40 }).map((parts) => parts.join(' + ')),
    fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `(${a} ?? ${b})`),
    fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([a, b, c]) => `(${a} ? ${b} : ${c})`),
    fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `\`\${${a}}/x/\${${b}}\``),
    fc.tuple(fc.constantFrom(...IDENTIFIERS), fc.array(tie('expr'), { maxLength: 3 })).map(([f, args]) => `${f}(${args.join(', ')})`),
    fc.tuple(tie('expr'), fc.constantFrom('send', 'emit', 'get', 'post', 'subscribe', 'map', 'then', 'url'), fc.array(tie('expr'), { maxLength: 2 })).map(
      ([target, method, args]) => `(${target}).${method}(${args.join(', ')})`,
    ),
    fc.tuple(fc.constantFrom('Kafka', 'URL', 'ClientKafka', 'Promise', 'Config'), fc.array(tie('expr'), { maxLength: 2 })).map(([name, args]) => `new ${name}(${args.join(', ')})`),
    fc.array(fc.tuple(fc.constantFrom('topic', 'url', 'key', 'value', 'messages', 'baseURL', 'method', 'headers'), tie('expr')), { maxLength: 4 }).map(
      (entries) => `{ ${entries.map(([key, value]) => `${key}: ${value}`).join(', ')} }`,
    ),
    fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `{ ...${a}, [${b}]: 1 }`),
    fc.array(tie('expr'), { maxLength: 4 }).map((items) => `[${items.join(', ')}]`),
    tie('expr').map((body) => `((t: any) => (${body}))`),
    tie('expr').map((body) => `(async () => { await ${body}; })`),
    fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `(${a})[${b}]`),
    tie('expr').map((inner) => `(${inner} as any)`),
  ),
})).expr;

const statement: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.constantFrom(...IDENTIFIERS.slice(0, 11)), expression).map(([name, value]) => `const ${name}_${Math.abs(name.length)} = ${value};`),
  fc.tuple(expression, expression, expression).map(([topic, key, value]) => `producer.send({ topic: ${topic}, messages: [{ key: ${key}, value: ${value} }] });`),
  expression.map((topic) => `consumer.subscribe({ topic: ${topic}, fromBeginning: true });`),
  fc.tuple(fc.constantFrom('get', 'post', 'put', 'delete', 'request'), expression, expression).map(([method, url, body]) => `axios.${method}(${url}, ${body});`),
  fc.tuple(expression, expression).map(([url, method]) => `fetch(${url}, { method: ${method} });`),
  fc.tuple(expression, expression).map(([list, topic]) => `for (const t of ${list}) { producer.send({ topic: ${topic}, messages: [] }); }`),
  fc.tuple(expression, expression).map(([list, url]) => `(${list}).map((s: any) => axios.get(${url}));`),
  fc.tuple(expression, expression).map(([pattern, emitted]) => `class Handler${Math.abs(pattern.length % 7)} {
  constructor(private readonly client: ClientKafka) {}
  @EventPattern(${pattern})
  handle(data: any) { return this.client.emit(${emitted}, data); }
}`),
  fc.tuple(expression, expression).map(([topic, body]) => `export function publish(t: string, e: any) { return producer.send({ topic: ${topic}, messages: [{ value: ${body} }] }); }\npublish(${topic}, ${body});`),
  expression.map((value) => `export default ${value};`),
);

const HEADER = `import { Kafka } from 'kafkajs';
import axios from 'axios';
import { ClientKafka, EventPattern } from '@nestjs/microservices';
declare const config: any, base: any, id: any, url: any, topic: any, http: any, TOPICS: any, resolve: any, Topics: any, Config: any;
const kafka = new Kafka({ brokers: ['kafka:9092'] });
const producer = kafka.producer();
const consumer = kafka.consumer({ groupId: 'g' });
const client = axios.create({ baseURL: base });
`;

/** A whole module: the imports and clients, then a few generated statements. */
export const program: fc.Arbitrary<string> = fc.array(statement, { minLength: 1, maxLength: 6 }).map((statements) => `${HEADER}${statements.join('\n')}\n`);
