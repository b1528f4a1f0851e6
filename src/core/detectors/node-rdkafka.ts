import type { Detector } from '../engine/detector.js';
import { alsoThroughDefault, detectRdkafkaCalls, type RdkafkaApi } from './rdkafka-calls.js';

const MODULE = 'node-rdkafka';

const KIND = {
  /** The module itself (`const Kafka = require('node-rdkafka')`), for its `createReadStream` / `createWriteStream`. */
  module: 'node-rdkafka.module',
  producerClass: 'node-rdkafka.producer-class',
  consumerClass: 'node-rdkafka.consumer-class',
  producer: 'node-rdkafka.producer',
  highLevelProducer: 'node-rdkafka.high-level-producer',
  consumer: 'node-rdkafka.consumer',
  writeStream: 'node-rdkafka.write-stream',
  readStream: 'node-rdkafka.read-stream',
} as const;

const API: RdkafkaApi = {
  library: MODULE,
  modules: [MODULE],
  producers: new Set([KIND.producer]),
  highLevelProducers: new Set([KIND.highLevelProducer]),
  consumers: new Set([KIND.consumer]),
  writeStreams: new Set([KIND.writeStream]),
  readStreams: new Set([KIND.readStream]),
};

/**
 * node-rdkafka: `new Kafka.Producer(config)`, `new Kafka.HighLevelProducer(config)`,
 * `new Kafka.KafkaConsumer(config, topicConfig)` (named, namespace, default and CommonJS imports),
 * `produce(topic, partition, value, key, ...)`, `subscribe([topics])`, `assign([{ topic }])`,
 * `Producer.createWriteStream(..., { topic })` and `KafkaConsumer.createReadStream(..., { topics })`.
 */
export const nodeRdkafkaDetector: Detector = {
  library: MODULE,
  modules: [MODULE],
  clients: {
    constructors: alsoThroughDefault([
      { module: MODULE, name: 'Producer', kind: KIND.producer },
      { module: MODULE, name: 'HighLevelProducer', kind: KIND.highLevelProducer },
      { module: MODULE, name: 'KafkaConsumer', kind: KIND.consumer },
      // The deprecated alias of `KafkaConsumer`.
      { module: MODULE, name: 'Consumer', kind: KIND.consumer },
    ]),
    types: alsoThroughDefault([
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
  detect(scan) {
    detectRdkafkaCalls(scan, API);
  },
};
