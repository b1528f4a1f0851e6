import path from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import { at, code, type Invalid, invalid, ruleOf, type Valid } from './tester.js';

/**
 * CommonJS in the editor with type information: a JavaScript project whose tsconfig.json has `allowJs`
 * (typed-commonjs/), linted with typescript-eslint's project service. A client or topic another module gives
 * through `module.exports` or `exports.x` is followed with types, as an ES import is; from syntax alone the
 * same code says nothing about what it requires, so nothing is reported.
 */

const ROOT = path.resolve(import.meta.dirname, 'typed-commonjs');
const FILE = path.join(ROOT, 'file.js');

const typedTester = new RuleTester({ languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: ROOT } } });
const untypedTester = new RuleTester();

const inProject = <T extends Valid | Invalid>(cases: readonly T[], mode: string): T[] =>
  cases.map((testCase) => ({ ...testCase, name: `${testCase.name ?? ''} [${mode}]`, filename: FILE }));
const asValid = (cases: readonly Invalid[]): Valid[] => cases.map((testCase) => ({ name: testCase.name, code: testCase.code }));

const partitionKey: Invalid[] = [
  invalid(
    'a producer made from the client another module gives as `module.exports = { kafka }`',
    code`
      const { kafka } = require('./kafka');

      const producer = kafka.producer();

      async function orderPlaced(order) {
        await producer.send({ topic: 'order.placed', messages: [{ value: JSON.stringify(order) }] });
      }

      module.exports = { orderPlaced };
    `,
    (source) => [{ messageId: 'missingKey', data: { topic: 'order.placed' }, ...at(source, '{ value: JSON.stringify(order) }') }],
  ),
  invalid(
    'a producer another module hangs on `exports`, with a topic from a required table',
    code`
      const { producer } = require('./publisher');
      const topics = require('./topics');

      exports.orderPlaced = async (order) => {
        await producer.send({ topic: topics.ORDER_PLACED, messages: [{ value: JSON.stringify(order) }] });
      };
    `,
    (source) => [{ messageId: 'missingKey', data: { topic: 'order.placed' }, ...at(source, '{ value: JSON.stringify(order) }') }],
  ),
  invalid(
    'a topic the required module hangs on its `module.exports` client',
    code`
      const kafka = require('./client');

      const producer = kafka.producer();

      async function clicked(path) {
        await producer.send({ topic: kafka.TOPIC_CLICKS, messages: [{ value: path }] });
      }

      module.exports = { clicked };
    `,
    (source) => [{ messageId: 'missingKey', data: { topic: 'clicks.raw' }, ...at(source, '{ value: path }') }],
  ),
];

const commandsInEvents: Invalid[] = [
  invalid(
    'a topic named as an order, read from a CommonJS topic table',
    code`
      const { Kafka } = require('kafkajs');
      const { SEND_INVOICE } = require('./topics');

      const producer = new Kafka({ clientId: 'billing', brokers: ['kafka:9092'] }).producer();

      async function invoice(order) {
        await producer.send({ topic: SEND_INVOICE, messages: [{ key: order.id, value: JSON.stringify(order) }] });
      }

      module.exports = invoice;
    `,
    (source) => [{ messageId: 'imperativeTopic', data: { name: 'invoice.send', verb: 'send' }, ...at(source, 'producer.send') }],
  ),
];

typedTester.run('require-partition-key (CommonJS, type-checked)', ruleOf('require-partition-key'), {
  valid: [],
  invalid: inProject(partitionKey, 'typed'),
});

untypedTester.run('require-partition-key (CommonJS, syntax only)', ruleOf('require-partition-key'), {
  valid: inProject(asValid(partitionKey), 'syntax only'),
  invalid: [],
});

typedTester.run('no-commands-in-events (CommonJS, type-checked)', ruleOf('no-commands-in-events'), {
  valid: [],
  invalid: inProject(commandsInEvents, 'typed'),
});

untypedTester.run('no-commands-in-events (CommonJS, syntax only)', ruleOf('no-commands-in-events'), {
  valid: inProject(asValid(commandsInEvents), 'syntax only'),
  invalid: [],
});
