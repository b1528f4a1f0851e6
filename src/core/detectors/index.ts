import type { Detector } from '../engine/detector.js';
import { axiosDetector } from './axios.js';
import { fetchDetector } from './fetch.js';
import { kafkajsDetector } from './kafkajs.js';
import { nestjsAxiosDetector } from './nestjs-axios.js';
import { nestjsMicroservicesDetector } from './nestjs-microservices.js';

/** Every library the engine understands, one detector each. */
export const DETECTORS: readonly Detector[] = [
  kafkajsDetector,
  nestjsMicroservicesDetector,
  fetchDetector,
  axiosDetector,
  nestjsAxiosDetector,
];
