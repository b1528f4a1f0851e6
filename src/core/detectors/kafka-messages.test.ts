import { describe, expect, it } from 'vitest';
import { scanUntyped, summarize, typedScanner } from '../../../test/helpers/scan.js';

const FILES: Record<string, string> = {
  'messages/producer.ts': `import { Kafka, type Message } from 'kafkajs';

const producer = new Kafka({ clientId: 'orders', brokers: ['kafka:9092'] }).producer();

interface OrderEvent { id: string; type: 'OrderCreated' | 'OrderPaid' }

const toMessage = (event: OrderEvent): Message => ({ key: event.id, value: JSON.stringify(event) });
function toUnkeyedMessage(event: OrderEvent) {
  return { value: JSON.stringify(event), headers: { type: event.type } };
}

export async function publish(events: OrderEvent[], prebuilt: Message[], one: Message) {
  await producer.send({ topic: 'order.events', messages: events.map(toMessage) });
  await producer.send({ topic: 'order.events', messages: events.map(toUnkeyedMessage) });
  await producer.send({
    topic: 'order.events',
    messages: events.map((event) => {
      const value = JSON.stringify(event);
      return { value };
    }),
  });
  await producer.send({ topic: 'order.prebuilt', messages: prebuilt });
  await producer.send({ topic: 'order.one', messages: [one] });
  const payload = { orderId: '1', action: 'SEND_EMAIL' };
  const record = { topic: 'order.record', messages: [{ key: payload.orderId, value: JSON.stringify(payload), headers: { source: 'orders' } }] };
  await producer.send(record);
  await producer.send({ topic: 'order.spread', messages: [...events.map(toMessage), { value: 'end' }] });
}
`,
};

let shared: ReturnType<typeof typedScanner> | undefined;
const program = () => (shared ??= typedScanner(FILES));
const ENTRY = 'messages/producer.ts';

describe('kafkajs-shaped messages', () => {
  it('the fixture compiles', () => {
    expect(program().errors(ENTRY)).toEqual([]);
  });

  it('keys of mapped, named, prebuilt and typed messages', () => {
    // Types agree with syntax here: `prebuilt` comes from a caller, and `one: Message` is typed, but kafkajs
    // declares `key?:` optional, so the type cannot say a key is there (it used to say `present`).
    const expected = [
      'produce kafkajs L13 "order.events" key=present kafka',
      'produce kafkajs L14 "order.events" key=absent kafka',
      'produce kafkajs L15 "order.events" key=absent kafka',
      'produce kafkajs L22 "order.prebuilt" key=unknown kafka',
      'produce kafkajs L23 "order.one" key=unknown kafka',
      'produce kafkajs L26 "order.record" key=present kafka',
      'produce kafkajs L27 "order.spread" key=present,absent kafka',
    ];
    expect(summarize(scanUntyped(FILES[ENTRY]!, ENTRY))).toEqual(expected);
    expect(summarize(program().scan(ENTRY))).toEqual(expected);
  });

  it('payloads and headers are read through JSON.stringify and names', () => {
    const produces = program().scan(ENTRY).produces;
    const record = produces.find((fact) => fact.topic.kind === 'string' && fact.topic.value === 'order.record')!;
    const message = record.messages[0]!;
    expect(message.keyExpression?.getText()).toBe('payload.orderId');
    expect(message.payload?.getText()).toBe("{ orderId: '1', action: 'SEND_EMAIL' }");
    expect(message.headerObject?.getText()).toBe("{ source: 'orders' }");
    const unkeyed = produces[1]!;
    expect(unkeyed.messages[0]?.headerObject?.getText()).toBe('{ type: event.type }');
  });

  it('a list with a spread of mapped messages reads the spread too', () => {
    const spread = program().scan(ENTRY).produces.at(-1)!;
    expect(spread.messagesUnknown).toBe(false);
    expect(spread.messages.map((m) => m.key)).toEqual(['present', 'absent']);
  });

  it('a key that is the wrapper’s parameter or option is left to each call (unknown here, decided by the CLI)', () => {
    const facts = scanUntyped(`import { Kafka } from 'kafkajs';
const producer = new Kafka({ brokers: ['kafka:9092'] }).producer();
export async function publish(topic: string, data: { id: string }, options?: { key?: string }, key?: string) {
  await producer.send({ topic, messages: [{ key: options?.key, value: 'x' }] });
  await producer.send({ topic, messages: [{ key, value: 'x' }] });
  await producer.send({ topic, messages: [{ key: data.id, value: 'x' }] });
  await producer.send({ topic, messages: [data].map((item) => ({ key: item.id, value: 'x' })) });
}
`);
    expect(facts.produces.map((fact) => fact.messages.map((message) => `${message.key}${message.keyFromCaller ? ' from caller' : ''}`).join())).toEqual([
      'unknown from caller',
      'unknown from caller',
      'present',
      'present',
    ]);
  });
});

