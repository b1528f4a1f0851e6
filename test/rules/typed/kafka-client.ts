// Imported by the typed rule tests (which lint `file.ts` here): clients that only types can follow across files.
import type { ClientKafka } from '@nestjs/microservices';
import { Kafka, type Producer } from 'kafkajs';

const kafka = new Kafka({ clientId: 'orders', brokers: ['kafka:9092'] });

/** The service's one producer, shared by its modules. */
export const producer = kafka.producer();

/** Connects the shared producer and hands it to `work`, whose parameter is typed by inference only. */
export async function withProducer(work: (producer: Producer) => Promise<void>): Promise<void> {
  await producer.connect();
  await work(producer);
}

/** A NestJS Kafka client built by a module elsewhere. */
export declare const usersClient: ClientKafka;
