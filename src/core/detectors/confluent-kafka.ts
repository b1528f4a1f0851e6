import type { Detector } from '../engine/detector.js';
import { detectKafkajsCalls, type KafkajsApi } from './kafkajs-calls.js';
import { alsoThroughDefault, detectRdkafkaCalls, type RdkafkaApi } from './rdkafka-calls.js';
import { readMessageList } from './kafka-messages.js';

const MODULE = '@confluentinc/kafka-javascript';

const KIND = {
  kafkajsClient: 'confluent-kafka.kafkajs.client',
  kafkajsProducer: 'confluent-kafka.kafkajs.producer',
  kafkajsConsumer: 'confluent-kafka.kafkajs.consumer',
  kafkajsTransaction: 'confluent-kafka.kafkajs.transaction',
  /** The module itself (`const Kafka = require('@confluentinc/kafka-javascript')`), for its stream factories. */
  module: 'confluent-kafka.module',
  producerClass: 'confluent-kafka.producer-class',
  consumerClass: 'confluent-kafka.consumer-class',
  producer: 'confluent-kafka.producer',
  highLevelProducer: 'confluent-kafka.high-level-producer',
  consumer: 'confluent-kafka.consumer',
  writeStream: 'confluent-kafka.write-stream',
  readStream: 'confluent-kafka.read-stream',
} as const;

const KAFKAJS_API: KafkajsApi = {
  library: MODULE,
  modules: [MODULE],
  producers: new Set([KIND.kafkajsProducer, KIND.kafkajsTransaction]),
  consumers: new Set([KIND.kafkajsConsumer]),
};

const RDKAFKA_API: RdkafkaApi = {
  library: MODULE,
  modules: [MODULE],
  producers: new Set([KIND.producer]),
  highLevelProducers: new Set([KIND.highLevelProducer]),
  consumers: new Set([KIND.consumer]),
  writeStreams: new Set([KIND.writeStream]),
  readStreams: new Set([KIND.readStream]),
};

/**
 * `@confluentinc/kafka-javascript`, both of its APIs:
 * - the KafkaJS-compatible one under `KafkaJS` (`require(...).KafkaJS`, `import { KafkaJS }`):
 *   `new KafkaJS.Kafka({ kafkaJS: { brokers } })`, `producer()` / `consumer()`, `send`, `sendBatch`,
 *   transactions, `subscribe({ topic | topics })`;
 * - the node-rdkafka-style one at the top level: `Producer`, `HighLevelProducer`, `KafkaConsumer`,
 *   `produce(topic, partition, value, key, ...)`, `subscribe([topics])`, the stream factories.
 * Member names follow `importedEntity`: `KafkaJS.Kafka` for a member of a named, namespace or CommonJS
 * binding, `default.X` through a default import.
 */
export const confluentKafkaDetector: Detector = {
  library: MODULE,
  modules: [MODULE],
  clients: {
    constructors: alsoThroughDefault([
      { module: MODULE, name: 'KafkaJS.Kafka', kind: KIND.kafkajsClient },
      { module: MODULE, name: 'Producer', kind: KIND.producer },
      { module: MODULE, name: 'HighLevelProducer', kind: KIND.highLevelProducer },
      { module: MODULE, name: 'KafkaConsumer', kind: KIND.consumer },
    ]),
    types: alsoThroughDefault([
      { module: MODULE, name: 'KafkaJS.Kafka', kind: KIND.kafkajsClient },
      { module: MODULE, name: 'KafkaJS.Producer', kind: KIND.kafkajsProducer },
      { module: MODULE, name: 'KafkaJS.Consumer', kind: KIND.kafkajsConsumer },
      { module: MODULE, name: 'KafkaJS.Transaction', kind: KIND.kafkajsTransaction },
      { module: MODULE, name: 'Producer', kind: KIND.producer },
      { module: MODULE, name: 'HighLevelProducer', kind: KIND.highLevelProducer },
      { module: MODULE, name: 'KafkaConsumer', kind: KIND.consumer },
    ]),
    values: [
      { module: MODULE, name: '*', kind: KIND.module },
      { module: MODULE, name: 'default', kind: KIND.module },
      ...alsoThroughDefault([
        { module: MODULE, name: 'Producer', kind: KIND.producerClass },
        { module: MODULE, name: 'KafkaConsumer', kind: KIND.consumerClass },
      ]),
    ],
    factories: [
      { on: KIND.kafkajsClient, method: 'producer', kind: KIND.kafkajsProducer },
      { on: KIND.kafkajsClient, method: 'consumer', kind: KIND.kafkajsConsumer },
      { on: KIND.kafkajsProducer, method: 'transaction', kind: KIND.kafkajsTransaction },
      { on: KIND.module, method: 'createWriteStream', kind: KIND.writeStream },
      { on: KIND.producerClass, method: 'createWriteStream', kind: KIND.writeStream },
      { on: KIND.module, method: 'createReadStream', kind: KIND.readStream },
      { on: KIND.consumerClass, method: 'createReadStream', kind: KIND.readStream },
    ],
    properties: [
      { on: KIND.writeStream, property: 'producer', kind: KIND.producer },
      { on: KIND.readStream, property: 'consumer', kind: KIND.consumer },
    ],
  },
  // Sends through the KafkaJS-compatible API take their messages from a parameter; rdkafka-style ones never do.
  messagesAt: (expression, scan) => readMessageList(scan, expression),
  detect(scan) {
    detectKafkajsCalls(scan, KAFKAJS_API);
    detectRdkafkaCalls(scan, RDKAFKA_API);
  },
};
