#!/usr/bin/env node
// Writes a repository the size of the one that broke the map (issue 8): 7 services, 221 Kafka topics and about
// 400 producer/consumer edges, plus HTTP calls between the services, with findings on most sends, the way a
// real NestJS/kafkajs monorepo of that size looks. Deterministic: the same files every time.
//
//   node scripts/generate-big-repo.mjs /tmp/big-repo && node bin/service-map.js analyze /tmp/big-repo
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

export const BIG_REPO = { services: 7, topics: 221 };

const SERVICES = ['orders', 'payments', 'inventory', 'shipping', 'notifications', 'analytics', 'customers'];
const ENTITIES = [
  'order', 'order-line', 'cart', 'invoice', 'refund', 'payment-intent', 'stock-level', 'reservation', 'parcel',
  'shipment', 'carrier-label', 'email', 'sms', 'push-token', 'page-view', 'funnel-step', 'customer', 'address',
  'consent', 'loyalty-account', 'voucher', 'return', 'warehouse-slot', 'price', 'tax-rate', 'subscription',
  'chargeback', 'supplier', 'purchase-order', 'review', 'wishlist', 'session',
];
const EVENTS = ['created', 'updated', 'cancelled', 'archived', 'approved', 'rejected', 'expired'];

/** Topic names `<service>.<entity>.<event>`, dealt round-robin to the services that produce them. */
function topics() {
  const list = [];
  for (let index = 0; index < BIG_REPO.topics; index += 1) {
    const owner = SERVICES[index % SERVICES.length];
    const entity = ENTITIES[Math.floor(index / EVENTS.length) % ENTITIES.length];
    const event = EVENTS[(index + Math.floor(index / SERVICES.length)) % EVENTS.length];
    list.push({ index, owner, name: `${owner}.${entity}.${event}` });
  }
  return list;
}

/**
 * Who hears from whom, as in a shop built around orders: each service's topics go to one of its listeners
 * in turn. One topic in six has no consumer in the repository (a no-orphan-topic warning each).
 */
const LISTENERS = {
  orders: ['payments', 'inventory', 'shipping', 'notifications', 'analytics'],
  payments: ['orders', 'notifications', 'analytics'],
  inventory: ['orders', 'shipping', 'analytics'],
  shipping: ['orders', 'notifications', 'customers', 'analytics'],
  notifications: ['analytics'],
  analytics: ['customers'],
  customers: ['orders', 'notifications', 'analytics'],
};

/** HTTP calls (two endpoints each): orders calls payments, inventory and customers, and so on. */
const CALLS = {
  orders: ['payments', 'inventory', 'customers'],
  payments: ['customers'],
  inventory: [],
  shipping: ['inventory', 'customers'],
  notifications: ['customers'],
  analytics: ['orders'],
  customers: [],
};

function consumersOf(topic) {
  if (topic.index % 6 === 0) return [];
  const listeners = LISTENERS[topic.owner];
  return [listeners[Math.floor(topic.index / SERVICES.length) % listeners.length]];
}

function kafkaFile(service, produced, consumed) {
  const lines = [
    "import { Kafka } from 'kafkajs';",
    '',
    `const kafka = new Kafka({ clientId: '${service}', brokers: (process.env.KAFKA_BROKERS ?? 'localhost:9092').split(',') });`,
    'export const producer = kafka.producer();',
    `export const consumer = kafka.consumer({ groupId: '${service}' });`,
    '',
  ];
  for (const topic of produced) {
    const name = topic.name.split(/[.-]/).map((part) => part[0].toUpperCase() + part.slice(1)).join('');
    // Two sends in three carry no key: the findings that used to repeat on every edge.
    const key = topic.index % 3 === 0 ? 'key: event.id, ' : '';
    lines.push(
      `export async function publish${name}(event: { id: string }): Promise<void> {`,
      `  await producer.send({ topic: '${topic.name}', messages: [{ ${key}value: JSON.stringify(event) }] });`,
      '}',
      '',
    );
  }
  if (consumed.length > 0) {
    lines.push('export async function subscribeAll(): Promise<void> {', '  await consumer.subscribe({', '    topics: [');
    for (const topic of consumed) lines.push(`      '${topic.name}',`);
    lines.push('    ],', '  });', '}', '');
  }
  return lines.join('\n');
}

function httpFile(service) {
  const targets = CALLS[service];
  const lines = ["import axios from 'axios';", ''];
  for (const target of targets) {
    const variable = `${target.toUpperCase()}_URL`;
    lines.push(
      `const ${target} = axios.create({ baseURL: process.env.${variable} });`,
      `export const get${target[0].toUpperCase()}${target.slice(1)}Status = (id: string) => ${target}.get(\`/${target}/\${id}/status\`);`,
      `export const post${target[0].toUpperCase()}${target.slice(1)}Command = (body: unknown) => ${target}.post('/${target}/commands', body);`,
      '',
    );
  }
  return lines.join('\n');
}

/** The repository as relative path -> text. */
export function bigRepoFiles() {
  const all = topics();
  const files = {
    'package.json': `${JSON.stringify({ name: 'big-shop', private: true, workspaces: ['services/*'] }, null, 2)}\n`,
  };
  const compose = ['services:'];
  for (const service of SERVICES) {
    const root = `services/${service}`;
    files[`${root}/package.json`] = `${JSON.stringify({ name: `@big/${service}`, version: '1.0.0', dependencies: { axios: '1.7.9', kafkajs: '2.2.4' } }, null, 2)}\n`;
    const produced = all.filter((topic) => topic.owner === service);
    const consumed = all.filter((topic) => consumersOf(topic).includes(service));
    files[`${root}/src/kafka.ts`] = kafkaFile(service, produced, consumed);
    files[`${root}/src/clients.ts`] = httpFile(service);
    compose.push(`  ${service}:`, `    build: ./${root}`, '    environment:');
    for (const target of SERVICES) if (target !== service) compose.push(`      ${target.toUpperCase()}_URL: http://${target}:8080`);
  }
  files['docker-compose.yml'] = `${compose.join('\n')}\n`;
  return files;
}

/** Writes the repository into `folder` (created if missing). */
export function writeBigRepo(folder) {
  for (const [name, text] of Object.entries(bigRepoFiles())) {
    const file = path.join(folder, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const folder = process.argv[2];
  if (folder === undefined) {
    process.stderr.write('usage: node scripts/generate-big-repo.mjs FOLDER\n');
    process.exitCode = 2;
  } else {
    writeBigRepo(folder);
  }
}
