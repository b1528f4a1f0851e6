import { describe, expect, it } from 'vitest';
import { showValue, scanUntyped, summarize, typedScanner } from '../../../test/helpers/scan.js';

const FILES: Record<string, string> = {
  'orders/topics.ts': `export const ORDER_CREATED = 'order.created';
export const Events = { PAYMENT_CAPTURED: 'payment.captured', PAYMENT_FAILED: 'payment.failed' } as const;
export enum Commands {
  ReserveStock = 'inventory.reserve',
}
export const ORDERS_KAFKA = 'ORDERS_KAFKA';
`,
  'orders/orders.service.ts': `import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ClientKafka } from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';
import { Commands, ORDER_CREATED, ORDERS_KAFKA } from './topics';

@Injectable()
export class OrdersService implements OnModuleInit {
  constructor(@Inject(ORDERS_KAFKA) private readonly kafka: ClientKafka) {}

  async onModuleInit() {
    this.kafka.subscribeToResponseOf(Commands.ReserveStock);
    await this.kafka.connect();
  }

  async create(order: { id: string; total: number }) {
    this.kafka.emit(ORDER_CREATED, { key: order.id, value: order });
    this.kafka.emit('order.audit', order);
    return firstValueFrom(this.kafka.send(Commands.ReserveStock, { key: order.id, value: { orderId: order.id } }));
  }
}
`,
  'orders/payments.controller.ts': `import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, MessagePattern, Payload } from '@nestjs/microservices';
import { Commands, Events } from './topics';

@Controller()
export class PaymentsController {
  @EventPattern(Events.PAYMENT_CAPTURED)
  onCaptured(@Payload() data: unknown) {
    return data;
  }

  @EventPattern([Events.PAYMENT_FAILED, 'payment.refunded'])
  onFailed(@Payload() data: unknown, @Ctx() context: KafkaContext) {
    return [data, context.getTopic()];
  }

  @MessagePattern(Commands.ReserveStock)
  reserve(@Payload() data: { sku: string }) {
    return { ok: true, sku: data.sku };
  }

  @MessagePattern({ cmd: 'sum' })
  sum(@Payload() data: number[]) {
    return data.reduce((a, b) => a + b, 0);
  }
}
`,
  'notify/main.ts': `import { Inject, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClientProxy, EventPattern, MicroserviceOptions, Transport } from '@nestjs/microservices';

@Injectable()
export class Notifier {
  constructor(@Inject('NOTIFY') private readonly client: ClientProxy) {}
  notify(id: string) {
    this.client.emit('user.notified', { id });
  }
  @EventPattern('user.created')
  onUserCreated(data: unknown) {
    return data;
  }
}

@Module({ providers: [Notifier] })
export class AppModule {}

export async function bootstrap() {
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(AppModule, {
    transport: Transport.KAFKA,
    options: { client: { brokers: ['kafka:9092'] }, consumer: { groupId: 'notify' } },
  });
  await app.listen();
}
`,
  'factory/clients.ts': `import { ClientProxyFactory, Transport } from '@nestjs/microservices';

const kafka = ClientProxyFactory.create({ transport: Transport.KAFKA, options: { client: { brokers: ['kafka:9092'] } } });
const tcp = ClientProxyFactory.create({ transport: Transport.TCP, options: { port: 3001 } });

export function audit(id: string) {
  kafka.emit('audit.event', { key: id, value: id });
  tcp.send({ cmd: 'sum' }, [1, 2]);
  tcp.emit('tcp.event', { id });
}
`,
  'decorated/prices.controller.ts': `import { Controller } from '@nestjs/common';
import { Client, ClientKafka, EventPattern, Transport } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';

@Controller()
export class PricesController {
  @Client({ transport: Transport.KAFKA, options: { client: { brokers: ['kafka:9092'] } } })
  private readonly client!: ClientKafka;

  @EventPattern('price.changed', Transport.KAFKA)
  onKafka(data: unknown) {
    return data;
  }

  @EventPattern('price.cached', Transport.REDIS)
  onRedis(data: unknown) {
    return data;
  }

  async ask(id: string) {
    return lastValueFrom(this.client.send('price.quote', JSON.stringify({ id })));
  }
}
`,
  'module/app.module.ts': `import { Module } from '@nestjs/common';
import { ClientsModule, Transport } from '@nestjs/microservices';

@Module({
  imports: [
    ClientsModule.register([
      { name: 'BILLING', transport: Transport.KAFKA, options: { client: { brokers: ['kafka:9092'] }, consumer: { groupId: 'billing' } } },
    ]),
  ],
})
export class AppModule {}
`,
  'injected/producer.ts': `import { Inject, Injectable } from '@nestjs/common';
import { ClientKafka } from '@nestjs/microservices';

@Injectable()
export class KafkaProducer {
  constructor(@Inject('KAFKA') public readonly client: ClientKafka) {}
}
`,
  'injected/uses-producer.ts': `import { Injectable } from '@nestjs/common';
import { KafkaProducer } from './producer';

@Injectable()
export class UsesProducer {
  constructor(private readonly producer: KafkaProducer) {}
  happened(id: string) {
    return this.producer.client.emit('thing.happened', { key: id, value: id });
  }
}
`,
  'negative/bus.ts': `import { EventEmitter } from 'node:events';
import { Injectable } from '@nestjs/common';
import { Subject } from 'rxjs';

@Injectable()
export class Bus {
  private readonly events$ = new Subject<string>();
  private readonly emitter = new EventEmitter();
  listen() {
    this.events$.subscribe((event) => event);
  }
  emit(event: string) {
    this.events$.next(event);
    this.emitter.emit('order.created', event);
  }
  send(event: string) {
    this.emit(event);
  }
}

export function use(bus: Bus) {
  bus.emit('order.created');
  bus.send('order.paid');
}
`,
};

let shared: ReturnType<typeof typedScanner> | undefined;
const program = () => (shared ??= typedScanner(FILES));
const untyped = (entry: string) => summarize(scanUntyped(FILES[entry]!, entry));
const typed = (entry: string) => summarize(program().scan(entry));

describe('@nestjs/microservices', () => {
  it('fixtures are code that compiles', () => {
    for (const entry of Object.keys(FILES)) expect(program().errors(entry), entry).toEqual([]);
  });

  it('ClientKafka injected with @Inject(TOKEN): emit, send and subscribeToResponseOf', () => {
    // Without types the constants are imports of another file: unknown, never guessed.
    expect(untyped('orders/orders.service.ts')).toEqual([
      'produce @nestjs/microservices L16 ?(ORDER_CREATED) key=present kafka',
      'produce @nestjs/microservices L17 "order.audit" key=unknown kafka',
      'produce @nestjs/microservices L18 ?(Commands.ReserveStock) key=present reply kafka',
    ]);
    // With types the constants resolve, and `order`'s type (no `key`) tells NestJS sends it unkeyed.
    expect(typed('orders/orders.service.ts')).toEqual([
      'produce @nestjs/microservices L16 "order.created" key=present kafka',
      'produce @nestjs/microservices L17 "order.audit" key=absent kafka',
      'produce @nestjs/microservices L18 "inventory.reserve" key=present reply kafka',
    ]);
    const facts = program().scan('orders/orders.service.ts');
    expect(facts.replySubscriptions.map((reply) => showValue(reply.topic))).toEqual(['"inventory.reserve"']);
    // NestJS takes `{ key, value }` as the Kafka message: the value is the payload, not the wrapper.
    expect(facts.produces[0]?.messages[0]?.value?.getText()).toBe('order');
  });

  it('@EventPattern and @MessagePattern with constants, arrays and an object pattern', () => {
    expect(untyped('orders/payments.controller.ts')).toEqual([
      'consume @nestjs/microservices L7 ?(Events.PAYMENT_CAPTURED) event',
      'consume @nestjs/microservices L12 ?(Events.PAYMENT_FAILED) event',
      'consume @nestjs/microservices L12 "payment.refunded" event',
      'consume @nestjs/microservices L17 ?(Commands.ReserveStock) request',
      "consume @nestjs/microservices L22 ?({ cmd: 'sum' }) request",
    ]);
    // No transport is named in this file: the host decides from the rest of the service.
    expect(typed('orders/payments.controller.ts')).toEqual([
      'consume @nestjs/microservices L7 "payment.captured" event',
      'consume @nestjs/microservices L12 "payment.failed" event',
      'consume @nestjs/microservices L12 "payment.refunded" event',
      'consume @nestjs/microservices L17 "inventory.reserve" request',
      "consume @nestjs/microservices L22 ?({ cmd: 'sum' }) request",
    ]);
  });

  it('a ClientProxy in a file that bootstraps Transport.KAFKA speaks Kafka; the server decides for handlers', () => {
    // The handler's transport is the server's (the host reads messageServers across the service's files).
    const expected = ['produce @nestjs/microservices L9 "user.notified" key=absent kafka', 'consume @nestjs/microservices L11 "user.created" event'];
    expect(untyped('notify/main.ts')).toEqual(expected);
    expect(typed('notify/main.ts')).toEqual(expected);
    const facts = scanUntyped(FILES['notify/main.ts']!, 'notify/main.ts');
    expect(facts.transports).toEqual(['kafka']);
    expect(facts.messageServers.map((server) => server.transport)).toEqual(['kafka']);
  });

  it('ClientProxyFactory.create takes the transport from its options', () => {
    const untypedLines = untyped('factory/clients.ts');
    const typedLines = typed('factory/clients.ts');
    expect(untypedLines.filter((line) => !line.includes('L8'))).toEqual([
      'produce @nestjs/microservices L7 "audit.event" key=present kafka',
      'produce @nestjs/microservices L9 "tcp.event" key=absent tcp',
    ]);
    expect(typedLines.filter((line) => !line.includes('L8'))).toEqual(untypedLines.filter((line) => !line.includes('L8')));
    // The TCP request's data is an array: syntax cannot say whether it has a key, its type says it has none.
    expect(untypedLines.filter((line) => line.includes('L8'))).toEqual(["produce @nestjs/microservices L8 ?({ cmd: 'sum' }) key=unknown reply tcp"]);
    expect(typedLines.filter((line) => line.includes('L8'))).toEqual(["produce @nestjs/microservices L8 ?({ cmd: 'sum' }) key=absent reply tcp"]);
  });

  it('a @Client property, explicit transports on handlers, lastValueFrom(send(...))', () => {
    const expected = [
      'produce @nestjs/microservices L21 "price.quote" key=absent reply kafka',
      'consume @nestjs/microservices L10 "price.changed" event kafka',
      'consume @nestjs/microservices L15 "price.cached" event redis',
    ];
    expect(untyped('decorated/prices.controller.ts')).toEqual(expected);
    expect(typed('decorated/prices.controller.ts')).toEqual(expected);
  });

  it('ClientsModule.register names the transport and sends nothing', () => {
    const facts = scanUntyped(FILES['module/app.module.ts']!, 'module/app.module.ts');
    expect(summarize(facts)).toEqual([]);
    expect(facts.transports).toEqual(['kafka']);
  });

  it('a ClientKafka reached through another provider is only known with types', () => {
    expect(untyped('injected/uses-producer.ts')).toEqual([]);
    expect(typed('injected/uses-producer.ts')).toEqual(['produce @nestjs/microservices L8 "thing.happened" key=present kafka']);
  });

  it('rxjs subscribe, EventEmitter emit and a class with its own emit/send are not NestJS clients', () => {
    expect(untyped('negative/bus.ts')).toEqual([]);
    expect(typed('negative/bus.ts')).toEqual([]);
  });
});
