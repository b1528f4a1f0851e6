import { describe, expect, it } from 'vitest';
import { analyzeProject } from '../../src/analyzer/analyze.js';
import { tempRepo } from '../helpers/temp-repo.js';

const kafka = `import { Kafka } from 'kafkajs';
export const kafka = new Kafka({ brokers: [process.env.KAFKA_BROKERS ?? 'kafka:9092'] });
`;

/** `rule service file:line topic-or-cycle` for the findings of the given rules. */
async function findingsOf(files: Record<string, string>, ...rules: string[]) {
  const result = await analyzeProject({ root: tempRepo(files) });
  return result.findings
    .filter((finding) => rules.includes(finding.ruleId))
    .map((finding) => `${finding.ruleId} ${finding.service} ${finding.location.file}:${finding.location.line} ${/'([^']+)'|: (.+?)\. /.exec(finding.message)?.slice(1).find(Boolean) ?? ''}`);
}

describe('no-orphan-topic', () => {
  const orders = {
    'orders/package.json': '{ "name": "orders" }',
    'orders/src/kafka.ts': kafka,
    'orders/src/events.ts': `import { kafka } from './kafka';
const producer = kafka.producer();
export async function orderPlaced(id: string) {
  await producer.send({ topic: 'order.placed', messages: [{ key: id, value: id }] });
  await producer.send({ topic: 'order.audit', messages: [{ key: id, value: id }] });
}
`,
  };
  const billing = {
    'billing/package.json': '{ "name": "billing" }',
    'billing/src/kafka.ts': kafka,
    'billing/src/consumer.ts': `import { kafka } from './kafka';
const consumer = kafka.consumer({ groupId: 'billing' });
export async function start() {
  await consumer.subscribe({ topics: ['order.placed', 'payment.refunded'] });
}
`,
  };

  it('reports topics produced that nobody consumes and consumed that nobody produces', async () => {
    expect(await findingsOf({ ...orders, ...billing }, 'no-orphan-topic')).toEqual([
      'no-orphan-topic billing billing/src/consumer.ts:4 payment.refunded',
      'no-orphan-topic orders orders/src/events.ts:5 order.audit',
    ]);
  });

  it('lets a RegExp subscription consume every topic it matches', async () => {
    const audit = {
      'audit/package.json': '{ "name": "audit" }',
      'audit/src/kafka.ts': kafka,
      'audit/src/consumer.ts': `import { kafka } from './kafka';
const consumer = kafka.consumer({ groupId: 'audit' });
export const start = () => consumer.subscribe({ topic: /^order\\./, fromBeginning: true });
`,
    };
    const result = await analyzeProject({ root: tempRepo({ ...orders, ...billing, ...audit }) });
    expect(result.interactions.find((i) => i.service === 'audit')).toMatchObject({ kind: 'consume', topic: null, topicPattern: '/^order\\./' });
    expect(result.interactions.find((i) => i.service === 'audit')?.unresolved).toBeUndefined();
    expect(result.findings.filter((f) => f.ruleId === 'no-orphan-topic').map((f) => f.service)).toEqual(['billing']);
  });

  it('does not call a topic orphan while a subscription on the other side could not be resolved', async () => {
    const dynamic = {
      'reports/package.json': '{ "name": "reports" }',
      'reports/src/kafka.ts': kafka,
      'reports/src/consumer.ts': `import { kafka } from './kafka';
const consumer = kafka.consumer({ groupId: 'reports' });
export const start = (topic: string) => consumer.subscribe({ topic });
`,
    };
    expect(await findingsOf({ ...orders, ...billing, ...dynamic }, 'no-orphan-topic')).toEqual(['no-orphan-topic billing billing/src/consumer.ts:4 payment.refunded']);
  });
});

describe('no-unhandled-request', () => {
  const gateway = {
    'gateway/package.json': '{ "name": "gateway" }',
    'gateway/src/users.controller.ts': `import { Controller, Get, Inject, OnModuleInit, Param } from '@nestjs/common';
import { ClientKafka } from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';

@Controller('users')
export class UsersController implements OnModuleInit {
  constructor(@Inject('USERS') private readonly users: ClientKafka) {}

  onModuleInit() {
    this.users.subscribeToResponseOf('users.get');
    this.users.subscribeToResponseOf('users.delete');
    this.users.subscribeToResponseOf('users.export');
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return firstValueFrom(this.users.send('users.get', { key: id, value: { id } }));
  }

  remove(id: string) {
    return firstValueFrom(this.users.send('users.delete', { key: id, value: { id } }));
  }

  exportAll() {
    return firstValueFrom(this.users.send('users.export', { key: 'all', value: {} }));
  }
}
`,
  };
  const users = {
    'users/package.json': '{ "name": "users" }',
    'users/src/main.ts': `import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions, Transport } from '@nestjs/microservices';
import { UsersModule } from './users.module';

async function bootstrap() {
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(UsersModule, {
    transport: Transport.KAFKA,
    options: { client: { brokers: [process.env.KAFKA_BROKERS ?? 'kafka:9092'] }, consumer: { groupId: 'users' } },
  });
  await app.listen();
}
void bootstrap();
`,
    'users/src/users.controller.ts': `import { Controller } from '@nestjs/common';
import { EventPattern, MessagePattern, Payload } from '@nestjs/microservices';

@Controller()
export class UsersController {
  @MessagePattern('users.get')
  get(@Payload() request: { id: string }) {
    return { id: request.id };
  }

  @EventPattern('users.delete')
  remove(@Payload() request: { id: string }) {
    void request;
  }
}
`,
  };

  it('reports requests with no handler, and requests only an event handler receives', async () => {
    expect(await findingsOf({ ...gateway, ...users }, 'no-unhandled-request')).toEqual([
      'no-unhandled-request gateway gateway/src/users.controller.ts:21 users.delete',
      'no-unhandled-request gateway gateway/src/users.controller.ts:25 users.export',
    ]);
    const result = await analyzeProject({ root: tempRepo({ ...gateway, ...users }) });
    expect(result.findings.filter((f) => f.ruleId === 'no-unhandled-request').map((f) => f.message)).toEqual([
      "Request 'users.delete' is only handled by an event handler (@EventPattern), which never replies: the caller waits on 'users.delete.reply' until it times out.",
      "Request 'users.export' has no handler in this repository: the caller waits on 'users.export.reply' until it times out. Add the @MessagePattern handler, or call the owner over HTTP.",
    ]);
    expect(result.interactions.find((i) => i.kind === 'produce' && i.topic === 'users.get')).toMatchObject({ expectsReply: true, replyTopic: 'users.get.reply' });
    expect(result.interactions.find((i) => i.kind === 'consume' && i.topic === 'users.get')).toMatchObject({ role: 'request', replyTopic: 'users.get.reply' });
  });
});

describe('NestJS handlers', () => {
  it('receive nothing in a service that starts no Kafka server (main.ts without connectMicroservice)', async () => {
    const files = {
      'events/package.json': '{ "name": "events" }',
      'events/src/main.ts': `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  // Kafka is not wired yet:
  // app.connectMicroservice({ transport: Transport.KAFKA, options: { client: { brokers: ['kafka:9092'] } } });
  await app.listen(3000);
}
void bootstrap();
`,
      'events/src/app.module.ts': `import { Module } from '@nestjs/common';
import { ClientsModule, Transport } from '@nestjs/microservices';

@Module({ imports: [ClientsModule.register([{ name: 'EVENTS', transport: Transport.KAFKA }])] })
export class AppModule {}
`,
      'events/src/reservation.controller.ts': `import { Controller } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';

@Controller()
export class ReservationController {
  @EventPattern('reservation.created')
  onCreated(payload: unknown) {
    return payload;
  }
}
`,
    };
    const result = await analyzeProject({ root: tempRepo(files) });
    expect(result.interactions).toEqual([]);
    const listening = { ...files, 'events/src/main.ts': files['events/src/main.ts'].replace('  // app.connectMicroservice', '  app.connectMicroservice').replace('// Kafka is not wired yet:', '') };
    const wired = await analyzeProject({ root: tempRepo(listening) });
    expect(wired.interactions.map((i) => i.kind === 'consume' && i.topic)).toEqual(['reservation.created']);
  });
});

describe('no-sync-call-cycle', () => {
  const service = (name: string, calls: string[]) => ({
    [`${name}/package.json`]: `{ "name": "${name}" }`,
    [`${name}/src/clients.ts`]: calls.map((target, i) => `export const call${i} = () => fetch('http://${target}:3000/api/${name}');\n`).join(''),
  });

  it('reports each call edge of a cycle of synchronous calls once, at the first call of that edge, naming the cycle through it', async () => {
    const files = {
      ...service('orders', ['payments', 'inventory']),
      ...service('payments', ['ledger']),
      ...service('ledger', ['orders']),
      ...service('inventory', []),
      ...service('search', ['search']),
      'docker-compose.yml': 'services:\n' + ['orders', 'payments', 'ledger', 'inventory', 'search'].map((name) => `  ${name}:\n    build: ./${name}\n`).join(''),
    };
    expect(await findingsOf(files, 'no-sync-call-cycle')).toEqual([
      'no-sync-call-cycle ledger ledger/src/clients.ts:1 ledger → orders → payments → ledger',
      'no-sync-call-cycle orders orders/src/clients.ts:1 orders → payments → ledger → orders',
      'no-sync-call-cycle payments payments/src/clients.ts:1 payments → ledger → orders → payments',
    ]);
  });

  it('reports an edge with several calls once, and both edges of a two-service loop', async () => {
    const files = {
      ...service('orders', ['billing', 'billing']),
      ...service('billing', ['orders']),
      'docker-compose.yml': 'services:\n' + ['orders', 'billing'].map((name) => `  ${name}:\n    build: ./${name}\n`).join(''),
    };
    expect(await findingsOf(files, 'no-sync-call-cycle')).toEqual([
      'no-sync-call-cycle billing billing/src/clients.ts:1 billing → orders → billing',
      'no-sync-call-cycle orders orders/src/clients.ts:1 orders → billing → orders',
    ]);
  });

  it('finds nothing without a cycle', async () => {
    expect(await findingsOf({ ...service('orders', ['payments']), ...service('payments', []) }, 'no-sync-call-cycle')).toEqual([]);
  });
});
