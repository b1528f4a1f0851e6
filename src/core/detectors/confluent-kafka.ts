import type { Detector } from '../engine/detector.js';
import { detectKafkajsCalls, type KafkajsApi } from './kafkajs-calls.js';
import { alsoThroughDefault, detectRdkafkaCalls, RDKAFKA_CLIENT_USE, rdkafkaApi, rdkafkaClients, rdkafkaKinds } from './rdkafka-calls.js';
import { readMessageList } from './kafka-messages.js';

const MODULE = '@confluentinc/kafka-javascript';

const KIND = {
  kafkajsClient: 'confluent-kafka.kafkajs.client',
  kafkajsProducer: 'confluent-kafka.kafkajs.producer',
  kafkajsConsumer: 'confluent-kafka.kafkajs.consumer',
  kafkajsTransaction: 'confluent-kafka.kafkajs.transaction',
} as const;
const RDKAFKA = rdkafkaKinds('confluent-kafka');
const RDKAFKA_CLIENTS = rdkafkaClients(MODULE, RDKAFKA);

const KAFKAJS_API: KafkajsApi = {
  library: MODULE,
  modules: [MODULE],
  producers: new Set([KIND.kafkajsProducer, KIND.kafkajsTransaction]),
  consumers: new Set([KIND.kafkajsConsumer]),
};

const RDKAFKA_API = rdkafkaApi(MODULE, RDKAFKA);

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
  clientOf: RDKAFKA_CLIENT_USE,
  clients: {
    constructors: [...alsoThroughDefault([{ module: MODULE, name: 'KafkaJS.Kafka', kind: KIND.kafkajsClient }]), ...RDKAFKA_CLIENTS.constructors],
    types: [
      ...alsoThroughDefault([
        { module: MODULE, name: 'KafkaJS.Kafka', kind: KIND.kafkajsClient },
        { module: MODULE, name: 'KafkaJS.Producer', kind: KIND.kafkajsProducer },
        { module: MODULE, name: 'KafkaJS.Consumer', kind: KIND.kafkajsConsumer },
        { module: MODULE, name: 'KafkaJS.Transaction', kind: KIND.kafkajsTransaction },
      ]),
      ...RDKAFKA_CLIENTS.types,
    ],
    values: RDKAFKA_CLIENTS.values,
    factories: [
      { on: KIND.kafkajsClient, method: 'producer', kind: KIND.kafkajsProducer },
      { on: KIND.kafkajsClient, method: 'consumer', kind: KIND.kafkajsConsumer },
      { on: KIND.kafkajsProducer, method: 'transaction', kind: KIND.kafkajsTransaction },
      ...RDKAFKA_CLIENTS.factories,
    ],
    properties: RDKAFKA_CLIENTS.properties,
  },
  // Sends through the KafkaJS-compatible API take their messages from a parameter; rdkafka-style ones never do.
  messagesAt: (expression, scan) => readMessageList(scan, expression),
  detect(scan) {
    detectKafkajsCalls(scan, KAFKAJS_API);
    detectRdkafkaCalls(scan, RDKAFKA_API);
  },
};
