import type { Detector } from '../engine/detector.js';
import { detectKafkajsCalls, type KafkajsApi } from './kafkajs-calls.js';
import { readMessageList } from './kafka-messages.js';

const MODULE = 'kafkajs';

const API: KafkajsApi = {
  library: 'kafkajs',
  modules: [MODULE],
  producers: new Set(['kafkajs.producer', 'kafkajs.transaction']),
  consumers: new Set(['kafkajs.consumer']),
};

/**
 * kafkajs: `new Kafka()`, `kafka.producer()` / `.consumer()`, `producer.send({ topic, messages })`,
 * `sendBatch({ topicMessages })`, transactions, `consumer.subscribe({ topic | topics })`.
 */
export const kafkajsDetector: Detector = {
  library: API.library,
  modules: [MODULE],
  clientOf: {
    kind: 'kafka',
    helpers: ['logLevel', 'CompressionTypes', 'CompressionCodecs', 'Partitioners', 'AssignerProtocol', 'PartitionAssigners', 'ResourceTypes', 'ConfigResourceTypes', 'ErrorCodes', 'KafkaJSError'],
    admin: ['admin'],
    messaging: ['producer', 'consumer', 'transaction'],
  },
  clients: {
    constructors: [{ module: MODULE, name: 'Kafka', kind: 'kafkajs.client' }],
    types: [
      { module: MODULE, name: 'Kafka', kind: 'kafkajs.client' },
      { module: MODULE, name: 'Producer', kind: 'kafkajs.producer' },
      { module: MODULE, name: 'Consumer', kind: 'kafkajs.consumer' },
      { module: MODULE, name: 'Transaction', kind: 'kafkajs.transaction' },
    ],
    factories: [
      { on: 'kafkajs.client', method: 'producer', kind: 'kafkajs.producer' },
      { on: 'kafkajs.client', method: 'consumer', kind: 'kafkajs.consumer' },
      { on: 'kafkajs.producer', method: 'transaction', kind: 'kafkajs.transaction' },
    ],
  },
  detect(scan) {
    detectKafkajsCalls(scan, API);
  },
  messagesAt: (expression, scan) => readMessageList(scan, expression),
};
