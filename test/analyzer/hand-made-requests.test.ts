import { describe, expect, it } from 'vitest';
import { analyzeProject } from '../../src/analyzer/analyze.js';
import type { ProduceInteraction } from '../../src/core/model/result.js';
import { describeValue } from '../../src/core/model/value.js';
import { scanTyped } from '../helpers/scan.js';
import { tempRepo } from '../helpers/temp-repo.js';

/**
 * A team's hand-made request-reply spread over one service's files: the pending map and the function that
 * settles it in one module, the consumer that calls that function in another, the send in a third, and the
 * controller that passes one correlation id to the waiter and to the send. The answering service replies on
 * a topic only the asker consumes, and on the address a request's headers carry.
 */
const FILES: Record<string, string> = {
  'package.json': '{ "name": "crm", "private": true, "workspaces": ["tasks", "auth"] }',
  'tasks/package.json': '{ "name": "tasks", "type": "module", "dependencies": { "kafkajs": "2.2.4", "uuid": "9.0.1" } }',
  'tasks/src/kafka/client.js': `import { Kafka } from 'kafkajs';
export const kafka = new Kafka({ clientId: 'tasks', brokers: ['kafka:9092'] });
export const producer = kafka.producer();
`,
  // The log lines repeat the correlation id once the reply is in: sends, but not part of asking.
  'tasks/src/kafka/memory-store.js': `import { log } from './producer.js';
const pendingResponses = new Map();

export function createResponseWaiter(correlationId) {
  return new Promise((resolve, reject) => {
    const timeout = setTimeout(() => reject(new Error('timeout')), 5000);
    pendingResponses.set(correlationId, (data) => {
      clearTimeout(timeout);
      log('info', { text: 'resolved', correlationId });
      resolve(data);
    });
  });
}

export function handleKafkaResponse(response) {
  const parsed = JSON.parse(response);
  const resolver = pendingResponses.get(parsed.correlationId);
  if (resolver) {
    resolver(parsed);
    log('info', { text: 'answered', correlationId: parsed.correlationId });
    pendingResponses.delete(parsed.correlationId);
  }
}
`,
  'tasks/src/kafka/response-consumer.js': `import { kafka } from './client.js';
import { handleKafkaResponse } from './memory-store.js';

const consumer = kafka.consumer({ groupId: 'tasks-responses' });

export async function listenForResponses() {
  await consumer.subscribe({ topics: ['check-users-response', 'user.lookup.replies'] });
  await consumer.run({
    eachMessage: async ({ message }) => {
      handleKafkaResponse(message.value.toString());
    },
  });
}
`,
  'tasks/src/kafka/producer.js': `import { producer } from './client.js';

export async function checkUsers(users, correlationId) {
  await producer.send({ topic: 'check-users', messages: [{ key: correlationId, value: JSON.stringify({ users, correlationId }) }] });
}

export async function lookupUser(email, correlationId) {
  await producer.send({
    topic: 'user.lookup',
    messages: [{ key: email, value: JSON.stringify({ email }), headers: { correlationId, replyTo: 'user.lookup.replies' } }],
  });
}

export async function log(level, extra = {}) {
  const entry = { level, at: new Date().toISOString(), ...extra };
  await producer.send({ topic: 'logs', messages: [{ key: level, value: JSON.stringify(entry) }] });
}
`,
  'tasks/src/controllers/tasks.js': `import { v4 as uuid } from 'uuid';
import { createResponseWaiter } from '../kafka/memory-store.js';
import { checkUsers, log, lookupUser } from '../kafka/producer.js';

export async function createTask(users) {
  const correlationId = uuid();
  const response = createResponseWaiter(correlationId);
  await checkUsers(users, correlationId);
  const { exists } = await response;
  await log('info', { text: 'task created', correlationId });
  return exists;
}

export async function assign(email) {
  const correlationId = uuid();
  const waiting = createResponseWaiter(correlationId);
  await lookupUser(email, correlationId);
  return waiting;
}
`,
  'auth/package.json': '{ "name": "auth", "type": "module", "dependencies": { "kafkajs": "2.2.4" } }',
  'auth/src/worker.js': `import { Kafka } from 'kafkajs';

const kafka = new Kafka({ clientId: 'auth', brokers: ['kafka:9092'] });
const consumer = kafka.consumer({ groupId: 'auth' });
const producer = kafka.producer();

export async function start() {
  await consumer.subscribe({ topics: ['check-users', 'user.lookup'] });
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      const request = JSON.parse(message.value.toString());
      if (topic === 'check-users') {
        await producer.send({ topic: 'check-users-response', messages: [{ key: request.correlationId, value: JSON.stringify({ correlationId: request.correlationId, exists: request.users }) }] });
      } else {
        await producer.send({ topic: message.headers.replyTo.toString(), messages: [{ key: request.email, value: JSON.stringify({ found: true }), headers: message.headers }] });
      }
    },
  });
}
`,
};

describe('hand-made request-reply across the files of a service (CLI)', () => {
  it('is reported at each send, naming the pending map in another file and the consumer that settles it', async () => {
    const result = await analyzeProject({ root: tempRepo(FILES) });
    const reported = result.findings.filter((f) => f.ruleId === 'no-request-reply-over-kafka').map((f) => `${f.location.file}:${f.location.line} ${f.message.slice(0, f.message.indexOf('. '))}`);
    expect(reported).toEqual([
      "tasks/src/kafka/producer.js:4 This send to 'check-users' is a request made by hand: a pending entry in `pendingResponses` waits for its reply (tasks/src/kafka/memory-store.js:7) until a consumer answers it (tasks/src/kafka/memory-store.js:19)",
      "tasks/src/kafka/producer.js:8 This send to 'user.lookup' is a request made by hand: a pending entry in `pendingResponses` waits for its reply (tasks/src/kafka/memory-store.js:7) until a consumer answers it (tasks/src/kafka/memory-store.js:19)",
    ]);
    // Requests nobody left unanswered, and a reply to the carried address reaches the named reply topic.
    expect(result.findings.filter((f) => f.ruleId !== 'no-request-reply-over-kafka').map((f) => `${f.ruleId} ${f.location.file}:${f.location.line}`)).toEqual([
      'no-orphan-topic tasks/src/kafka/producer.js:16',
    ]);
  });

  it('marks the requests and pairs each with the sends that answer it', async () => {
    const result = await analyzeProject({ root: tempRepo(FILES) });
    const produces = result.interactions.filter((i): i is ProduceInteraction => i.kind === 'produce');
    const shown = produces.map((p) => ({
      id: p.id,
      topic: p.topic,
      ...(p.expectsReply ? { expectsReply: true } : {}),
      ...(p.replyTopic ? { replyTopic: p.replyTopic } : {}),
      ...(p.handMadeReply ? { handMadeReply: `${p.handMadeReply.form} ${p.handMadeReply.waits.file}:${p.handMadeReply.waits.line} ${p.handMadeReply.answers.file}:${p.handMadeReply.answers.line}` } : {}),
      ...(p.toReplyAddress ? { toReplyAddress: true } : {}),
      ...(p.pairedWith ? { pairedWith: p.pairedWith } : {}),
    }));
    expect(shown).toEqual([
      { id: 'produce:auth/src/worker.js:13:15', topic: 'check-users-response', pairedWith: ['produce:tasks/src/kafka/producer.js:4:9'] },
      { id: 'produce:auth/src/worker.js:15:15', topic: null, toReplyAddress: true, pairedWith: ['produce:tasks/src/kafka/producer.js:8:9'] },
      {
        id: 'produce:tasks/src/kafka/producer.js:4:9',
        topic: 'check-users',
        expectsReply: true,
        handMadeReply: 'pending tasks/src/kafka/memory-store.js:7 tasks/src/kafka/memory-store.js:19',
        pairedWith: ['produce:auth/src/worker.js:13:15'],
      },
      {
        id: 'produce:tasks/src/kafka/producer.js:8:9',
        topic: 'user.lookup',
        expectsReply: true,
        replyTopic: 'user.lookup.replies',
        handMadeReply: 'pending tasks/src/kafka/memory-store.js:7 tasks/src/kafka/memory-store.js:19',
        pairedWith: ['produce:auth/src/worker.js:15:15'],
      },
      { id: 'produce:tasks/src/kafka/producer.js:16:9', topic: 'logs' },
    ]);
  });

  it('ESLint, one file at a time, cannot see it: the map, the consumer and the send are in three files', () => {
    // With types, the sends are found through the imported producer; what waits for them is elsewhere.
    const facts = scanTyped(FILES, 'tasks/src/kafka/producer.js');
    expect(facts.produces.map((p) => `${describeValue(p.topic)} ${p.handMadeReply === undefined ? 'not seen' : 'seen'}`)).toEqual([
      'check-users not seen',
      'user.lookup not seen',
      'logs not seen',
    ]);
  });
});
