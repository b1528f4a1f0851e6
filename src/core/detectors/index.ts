import type { Detector } from '../engine/detector.js';
import { angularHttpDetector } from './angular-http.js';
import { axiosDetector } from './axios.js';
import { confluentKafkaDetector } from './confluent-kafka.js';
import { convictDetector } from './convict.js';
import { dotenvDetector } from './dotenv.js';
import { expressDetector } from './express.js';
import { fastifyDetector } from './fastify.js';
import { eventSourceDetector } from './event-source.js';
import { fetchDetector } from './fetch.js';
import { gotDetector } from './got.js';
import { kyDetector } from './ky.js';
import { nodeFetchDetector } from './node-fetch.js';
import { nodeHttpDetector } from './node-http.js';
import { nodeHttp2Detector } from './node-http2.js';
import { ofetchDetector } from './ofetch.js';
import { needleDetector } from './needle.js';
import { superagentDetector } from './superagent.js';
import { undiciDetector } from './undici.js';
import { honoDetector } from './hono.js';
import { kafkajsDetector } from './kafkajs.js';
import { koaDetector } from './koa.js';
import { nestjsAxiosDetector } from './nestjs-axios.js';
import { nestjsHttpDetector } from './nestjs-http.js';
import { nestjsMicroservicesDetector } from './nestjs-microservices.js';
import { nestjsConfigDetector } from './nestjs-config.js';
import { nodeRdkafkaDetector } from './node-rdkafka.js';
import { rtkQueryDetector } from './rtk-query.js';

/** Every library the engine understands, one detector each. */
export const DETECTORS: readonly Detector[] = [
  kafkajsDetector,
  nestjsMicroservicesDetector,
  confluentKafkaDetector,
  nodeRdkafkaDetector,
  fetchDetector,
  axiosDetector,
  nestjsAxiosDetector,
  angularHttpDetector,
  gotDetector,
  kyDetector,
  undiciDetector,
  superagentDetector,
  needleDetector,
  ofetchDetector,
  nodeFetchDetector,
  nodeHttpDetector,
  nodeHttp2Detector,
  eventSourceDetector,
  rtkQueryDetector,
  expressDetector,
  fastifyDetector,
  koaDetector,
  honoDetector,
  nestjsHttpDetector,
  nestjsConfigDetector,
  convictDetector,
  dotenvDetector,
];
