import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { scanUntyped, summarize, typedScanner } from '../../../test/helpers/scan.js';
import { requirePartitionKey } from '../checks/file/require-partition-key.js';

/**
 * `node-rdkafka` is not installed here (nor are its types): with a checker its imports stay unresolved, so
 * typed scans must find what syntax alone finds. Each case lives in its own folder of one shared program.
 */
const FILES: Record<string, string> = {
  'shared/topics.ts': `export const Topics = {
  orderCreated: 'order.created',
  orderCancelled: 'order.cancelled',
} as const;

export const SHIPPING_TOPICS = ['shipment.created', 'shipment.delivered'];
`,
  'service/kafka.service.ts': `import * as Kafka from 'node-rdkafka';
import { Topics } from '../shared/topics';

export class KafkaService {
  private readonly producer: Kafka.Producer;

  constructor() {
    this.producer = new Kafka.Producer({
      'metadata.broker.list': process.env.KAFKA_BROKERS ?? 'localhost:9092',
      dr_cb: true,
    });
    this.producer.connect();
    this.producer.setPollInterval(100);
  }

  orderCreated(order: { id: string; total: number }) {
    this.producer.produce(Topics.orderCreated, null, Buffer.from(JSON.stringify({ orderId: order.id, total: order.total })), order.id, Date.now());
  }

  orderCancelled(orderId: string) {
    this.producer.produce(Topics.orderCancelled, null, Buffer.from(orderId));
  }

  pinged() {
    this.producer.produce('service.ping', -1, Buffer.from('ping'), null);
  }
}
`,
  'nest/events.provider.ts': `import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import Kafka from 'node-rdkafka';
import { HighLevelProducer, KafkaConsumer } from 'node-rdkafka';
import { SHIPPING_TOPICS } from '../shared/topics';

@Injectable()
export class ShippingEvents implements OnModuleInit {
  private consumer!: KafkaConsumer;
  private producer!: HighLevelProducer;

  constructor(
    @Inject('AUDIT_PRODUCER') private readonly audit: Kafka.Producer,
    @Inject('REPLAY_CONSUMER') private readonly replay: Kafka.KafkaConsumer,
  ) {}

  onModuleInit() {
    this.producer = new HighLevelProducer({ 'metadata.broker.list': process.env.KAFKA_BROKERS ?? 'localhost:9092' });
    this.producer.connect();
    this.consumer = new Kafka.KafkaConsumer({ 'group.id': 'shipping', 'metadata.broker.list': 'localhost:9092' }, {});
    this.consumer.on('ready', () => {
      this.consumer.subscribe(SHIPPING_TOPICS);
      this.consumer.consume();
    });
    this.consumer.connect();
  }

  shipped(shipmentId: string) {
    this.producer.produce('shipment.dispatched', null, Buffer.from(shipmentId), shipmentId, Date.now(), (err: unknown) => {
      if (err) console.error(err);
    });
    this.audit.produce('audit.log', null, Buffer.from(shipmentId), undefined);
  }

  replayAll() {
    this.replay.subscribe(SHIPPING_TOPICS);
  }
}
`,
  'js/worker.js': `const Kafka = require('node-rdkafka');

const TOPICS = ['payment.captured', 'payment.failed'];

const consumer = new Kafka.KafkaConsumer(
  { 'group.id': 'ledger', 'metadata.broker.list': process.env.KAFKA_BROKERS || 'localhost:9092' },
  { 'auto.offset.reset': 'earliest' },
);
const producer = new Kafka.Producer({ 'metadata.broker.list': process.env.KAFKA_BROKERS || 'localhost:9092' });

consumer.connect();
producer.connect();

consumer
  .on('ready', () => {
    consumer.subscribe(TOPICS);
    consumer.consume();
  })
  .on('data', (message) => {
    producer.produce('ledger.entry', null, message.value, message.key);
  });

TOPICS.forEach((topic) => {
  consumer.assign([{ topic, partition: 0 }]);
});
`,
  'streams/pipeline.ts': `import Kafka from 'node-rdkafka';

const brokers = { 'metadata.broker.list': process.env.KAFKA_BROKERS ?? 'localhost:9092' };

const clicks = Kafka.Producer.createWriteStream(brokers, {}, { topic: 'clicks' });
const events = Kafka.createWriteStream(brokers, {}, { objectMode: true });
const views = Kafka.KafkaConsumer.createReadStream({ ...brokers, 'group.id': 'analytics' }, {}, { topics: ['views', /^page\\./] });

export function track(userId: string) {
  clicks.write(Buffer.from(userId));
  events.write({ topic: 'user.seen', key: userId, value: Buffer.from(userId) });
  events.write({ topic: 'user.anonymous', value: Buffer.from('?') });
}

views.on('data', (message: unknown) => console.log(message));
`,
  'negative/local.ts': `class Producer {
  produce(topic: string, partition: number | null, value: Buffer, key?: string) {
    return { topic, partition, value, key };
  }
}

function produce(topic: string, partition: number | null, value: Buffer) {
  return { topic, partition, value };
}

export function stage(id: string) {
  const producer = new Producer();
  producer.produce('order.created', null, Buffer.from(id));
  produce('order.created', null, Buffer.from(id));
}
`,
  'negative/outbox.ts': `import { Producer } from 'node-rdkafka';

class Outbox {
  produce(topic: string, payload: unknown) {
    return { topic, payload };
  }
}

export class OrderService {
  private readonly outbox = new Outbox();
  constructor(private readonly producer: Producer) {}
  place(id: string) {
    this.outbox.produce('order.placed', { id });
    this.producer.flush(1000);
  }
}
`,
  'negative/kafkajs-only.ts': `import { Kafka } from 'kafkajs';

const kafka = new Kafka({ clientId: 'x', brokers: ['kafka:9092'] });
const producer = kafka.producer();
const consumer = kafka.consumer({ groupId: 'x' });

export async function run(id: string) {
  await producer.send({ topic: 'order.created', messages: [{ value: id }] });
  await consumer.subscribe({ topics: ['order.paid'] });
}
`,
  'negative/kafka-node.js': `const kafka = require('kafka-node');

const client = new kafka.KafkaClient({ kafkaHost: 'localhost:9092' });
const producer = new kafka.Producer(client);
const consumer = new kafka.Consumer(client, [{ topic: 'order.created', partition: 0 }]);

producer.on('ready', () => {
  producer.send([{ topic: 'order.created', messages: ['hello'] }], () => undefined);
});
consumer.on('message', (message) => console.log(message));
`,
};

let shared: ReturnType<typeof typedScanner> | undefined;
const program = () => (shared ??= typedScanner(FILES));
const untyped = (entry: string) => summarize(scanUntyped(FILES[entry]!, entry));
const typed = (entry: string) => summarize(program().scan(entry));

describe('node-rdkafka', () => {
  it('fixtures compile but for the package, which is not installed', () => {
    for (const entry of Object.keys(FILES).filter((name) => name.endsWith('.ts'))) {
      const errors = program()
        .errors(entry)
        .filter((error) => !error.startsWith("Cannot find module 'node-rdkafka'"));
      expect(errors, entry).toEqual([]);
    }
  });

  describe('clients held the way services hold them', () => {
    it('a KafkaService holding the producer in a field created in its constructor; topics from a constants module', () => {
      expect(untyped('service/kafka.service.ts')).toEqual([
        'produce node-rdkafka L17 ?(Topics.orderCreated) key=present kafka',
        'produce node-rdkafka L21 ?(Topics.orderCancelled) key=absent kafka',
        'produce node-rdkafka L25 "service.ping" key=absent kafka',
      ]);
      expect(typed('service/kafka.service.ts')).toEqual([
        'produce node-rdkafka L17 "order.created" key=present kafka',
        'produce node-rdkafka L21 "order.cancelled" key=absent kafka',
        'produce node-rdkafka L25 "service.ping" key=absent kafka',
      ]);
      const [created] = program().scan('service/kafka.service.ts').produces;
      expect(created?.messages[0]?.keyExpression?.getText()).toBe('order.id');
      expect(created?.messages[0]?.payload?.getText()).toBe('{ orderId: order.id, total: order.total }');
    });

    it("a NestJS provider: onModuleInit clients, a 'ready' handler subscribing, a producer injected as `Kafka.Producer`", () => {
      // Without types the list lives in another file: the subscriptions are seen, their topics are not. The
      // injected consumer is known by its annotation alone (`Kafka.KafkaConsumer` through a default import).
      expect(untyped('nest/events.provider.ts')).toEqual([
        'produce node-rdkafka L28 "shipment.dispatched" key=present kafka',
        'produce node-rdkafka L31 "audit.log" key=absent kafka',
        'consume node-rdkafka L21 ?(SHIPPING_TOPICS) event kafka',
        'consume node-rdkafka L35 ?(SHIPPING_TOPICS) event kafka',
      ]);
      expect(typed('nest/events.provider.ts')).toEqual([
        'produce node-rdkafka L28 "shipment.dispatched" key=present kafka',
        'produce node-rdkafka L31 "audit.log" key=absent kafka',
        'consume node-rdkafka L21 "shipment.created" event kafka',
        'consume node-rdkafka L21 "shipment.delivered" event kafka',
        'consume node-rdkafka L35 "shipment.created" event kafka',
        'consume node-rdkafka L35 "shipment.delivered" event kafka',
      ]);
    });

    it('JavaScript with require: a topic list subscribed in the ready handler, produce inside on(data), assign in a loop', () => {
      const expected = [
        'produce node-rdkafka L20 "ledger.entry" key=present kafka',
        'consume node-rdkafka L16 "payment.captured" event kafka',
        'consume node-rdkafka L16 "payment.failed" event kafka',
        'consume node-rdkafka L24 "payment.captured" event kafka',
        'consume node-rdkafka L24 "payment.failed" event kafka',
      ];
      expect(untyped('js/worker.js')).toEqual(expected);
      expect(typed('js/worker.js')).toEqual(expected);
    });
  });

  describe('streams', () => {
    it('a buffer write stream has no keys; an objectMode stream writes message objects; a read stream consumes its topics', () => {
      const expected = [
        'produce node-rdkafka L10 "clicks" key=absent kafka',
        'produce node-rdkafka L11 "user.seen" key=present kafka',
        'produce node-rdkafka L12 "user.anonymous" key=absent kafka',
        'consume node-rdkafka L7 "views" event kafka',
        'consume node-rdkafka L7 /^page\\./ event kafka',
      ];
      expect(untyped('streams/pipeline.ts')).toEqual(expected);
      expect(typed('streams/pipeline.ts')).toEqual(expected);
    });
  });

  describe('things that are not node-rdkafka', () => {
    it("a local produce() function and a team's own Producer class", () => {
      expect(untyped('negative/local.ts')).toEqual([]);
      expect(typed('negative/local.ts')).toEqual([]);
    });

    it('a produce of its own in a file that imports node-rdkafka, without the (topic, partition, value) shape', () => {
      expect(untyped('negative/outbox.ts')).toEqual([]);
      expect(typed('negative/outbox.ts')).toEqual([]);
    });

    it('a kafkajs-only file gives kafkajs facts only', () => {
      const expected = ['produce kafkajs L8 "order.created" key=absent kafka', 'consume kafkajs L9 "order.paid" event kafka'];
      expect(untyped('negative/kafkajs-only.ts')).toEqual(expected);
      expect(typed('negative/kafkajs-only.ts')).toEqual(expected);
    });

    it('kafka-node, a library the engine does not know, with the same class names', () => {
      expect(untyped('negative/kafka-node.js')).toEqual([]);
      expect(typed('negative/kafka-node.js')).toEqual([]);
    });
  });

  it('require-partition-key reads these facts unchanged: `produce(topic, null, value, null)` is reported, a keyed one is not', () => {
    const facts = scanUntyped(
      `import { Producer } from 'node-rdkafka';

const producer = new Producer({ 'metadata.broker.list': 'localhost:9092' });

export function publish(orderId: string) {
  producer.produce('order.created', null, Buffer.from(orderId), null);
  producer.produce('order.paid', null, Buffer.from(orderId), orderId);
}
`,
      'check/publish.ts',
    );
    const findings = requirePartitionKey.check({ ts, facts, options: {} });
    expect(findings.map((finding) => [finding.messageId, finding.data?.topic, finding.node.getText()])).toEqual([['missingKey', 'order.created', 'null']]);
  });
});
