import type { Detector } from '../engine/detector.js';
import { alsoThroughDefault, detectRdkafkaCalls, RDKAFKA_CLIENT_USE, rdkafkaApi, rdkafkaClients, rdkafkaKinds } from './rdkafka-calls.js';

const MODULE = 'node-rdkafka';

const KIND = rdkafkaKinds('node-rdkafka');
const CLIENTS = rdkafkaClients(MODULE, KIND);
const API = rdkafkaApi(MODULE, KIND);

/**
 * node-rdkafka: `new Kafka.Producer(config)`, `new Kafka.HighLevelProducer(config)`,
 * `new Kafka.KafkaConsumer(config, topicConfig)` (named, namespace, default and CommonJS imports),
 * `produce(topic, partition, value, key, ...)`, `subscribe([topics])`, `assign([{ topic }])`,
 * `Producer.createWriteStream(..., { topic })` and `KafkaConsumer.createReadStream(..., { topics })`.
 */
export const nodeRdkafkaDetector: Detector = {
  library: MODULE,
  modules: [MODULE],
  clientOf: RDKAFKA_CLIENT_USE,
  clients: {
    ...CLIENTS,
    // The deprecated alias of `KafkaConsumer`.
    constructors: [...CLIENTS.constructors, ...alsoThroughDefault([{ module: MODULE, name: 'Consumer', kind: KIND.consumer }])],
  },
  detect(scan) {
    detectRdkafkaCalls(scan, API);
  },
};
