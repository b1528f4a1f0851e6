import { describe, expect, it } from 'vitest';
import { scanUntyped, typedScanner } from '../../../test/helpers/scan.js';
import { summarizeServer } from './server-routes.test-support.js';

const FILES: Record<string, string> = {
  'orders/main.ts': `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { API_PREFIX } from './config';

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health'] });
  app.enableCors();
  await app.listen(process.env.PORT ?? 3000);
}
void bootstrap();
`,
  'orders/config.ts': `export const API_PREFIX = 'api';
`,
  'orders/app.module.ts': `import { Module } from '@nestjs/common';
import { HttpModule } from '@nestjs/axios';
import { EventsController } from './events.controller';
import { HealthController } from './health.controller';
import { OrdersController } from './orders.controller';
import { OrdersService } from './orders.service';

@Module({
  imports: [HttpModule],
  controllers: [OrdersController, HealthController, EventsController],
  providers: [OrdersService],
})
export class AppModule {}
`,
  'orders/orders.service.ts': `import { Injectable } from '@nestjs/common';
import { HttpService } from '@nestjs/axios';
import { firstValueFrom } from 'rxjs';

@Injectable()
export class OrdersService {
  private readonly orders = new Map<string, { id: string; sku: string }>();

  constructor(private readonly http: HttpService) {}

  list(status?: string) {
    return [...this.orders.values()].filter(() => status === undefined);
  }

  get(id: string) {
    return this.orders.get(id);
  }

  async create(sku: string) {
    const { data } = await firstValueFrom(this.http.get<{ price: number }>(\`http://catalog:3000/products/\${sku}\`));
    const order = { id: String(this.orders.size + 1), sku, price: data.price };
    this.orders.set(order.id, order);
    return order;
  }
}
`,
  'orders/orders.controller.ts': `import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  type MessageEvent,
  Param,
  Patch,
  Post,
  Put,
  Query,
  RequestMapping,
  RequestMethod,
  Sse,
} from '@nestjs/common';
import { interval, map, type Observable } from 'rxjs';
import { OrdersService } from './orders.service';

const ROUTES = { byId: ':id' } as const;

@Controller('orders')
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Get()
  list(@Query('status') status?: string) {
    return this.orders.list(status);
  }

  @Get(ROUTES.byId)
  get(@Param('id') id: string) {
    return this.orders.get(id);
  }

  @Post()
  @HttpCode(201)
  create(@Body() body: { sku: string }) {
    return this.orders.create(body.sku);
  }

  @Put(':id')
  replace(@Param('id') id: string) {
    return id;
  }

  @Patch([':id', ':id/status'])
  update(@Param('id') id: string) {
    return id;
  }

  @Delete('/:id/')
  remove(@Param('id') id: string) {
    return id;
  }

  @Sse('events')
  events(): Observable<MessageEvent> {
    return interval(1000).pipe(map(() => ({ data: 'tick' })));
  }

  @RequestMapping({ path: 'sync', method: RequestMethod.POST })
  sync() {
    return this.orders.list();
  }

  helper() {
    return 'not a route';
  }
}
`,
  'orders/health.controller.ts': `import * as common from '@nestjs/common';

@common.Controller({ path: ['health', 'healthz'] })
export class HealthController {
  @common.Get()
  check() {
    return { ok: true };
  }

  @common.Head('live')
  live() {
    return undefined;
  }
}
`,
  'orders/events.controller.ts': `import { All, Controller, Options } from '@nestjs/common';
import { EventPattern, MessagePattern, Payload } from '@nestjs/microservices';

@Controller()
export class EventsController {
  @EventPattern('order.created')
  onCreated(@Payload() data: unknown) {
    return data;
  }

  @MessagePattern('order.get')
  getOrder(@Payload() data: unknown) {
    return data;
  }

  @All('webhooks/*path')
  webhook() {
    return 'ok';
  }

  @Options()
  preflight() {
    return '';
  }
}
`,
  'negative/not-a-controller.ts': `import { Get, Injectable } from '@nestjs/common';
import { Post } from './decorators';

@Injectable()
export class Helper {
  @Get('x')
  read() {
    return 1;
  }
}

export class Other {
  @Post('y')
  write() {
    return 2;
  }
}
`,
  'negative/decorators.ts': `export const Post = (path: string): MethodDecorator => () => {
  void path;
};
`,
};

let shared: ReturnType<typeof typedScanner> | undefined;
const program = () => (shared ??= typedScanner(FILES));
const untyped = (entry: string) => summarizeServer(scanUntyped(FILES[entry]!, entry));
const typed = (entry: string) => summarizeServer(program().scan(entry));

describe('@nestjs/common controllers', () => {
  it('fixtures are code that compiles', () => {
    for (const entry of Object.keys(FILES)) expect(program().errors(entry), entry).toEqual([]);
  });

  it('controller prefix and method paths joined with one slash; every method decorator; RequestMapping', () => {
    const expected = [
      'route @nestjs/common L26 "GET" "/orders"',
      'route @nestjs/common L31 "GET" "/orders/:id"',
      'route @nestjs/common L36 "POST" "/orders"',
      'route @nestjs/common L42 "PUT" "/orders/:id"',
      'route @nestjs/common L47 "PATCH" "/orders/:id"',
      'route @nestjs/common L47 "PATCH" "/orders/:id/status"',
      'route @nestjs/common L52 "DELETE" "/orders/:id"',
      'route @nestjs/common L57 "GET" "/orders/events"',
      'route @nestjs/common L62 "POST" "/orders/sync"',
    ];
    expect(untyped('orders/orders.controller.ts')).toEqual(expected);
    expect(typed('orders/orders.controller.ts')).toEqual(expected);
  });

  it('@Controller({ path: [...] }) through a namespace import; @Controller() with microservice handlers beside', () => {
    const health = [
      'route @nestjs/common L5 "GET" "/health"',
      'route @nestjs/common L5 "GET" "/healthz"',
      'route @nestjs/common L10 "HEAD" "/health/live"',
      'route @nestjs/common L10 "HEAD" "/healthz/live"',
    ];
    expect(untyped('orders/health.controller.ts')).toEqual(health);
    expect(typed('orders/health.controller.ts')).toEqual(health);
    // @EventPattern / @MessagePattern are Kafka (or other transport) handlers, not HTTP routes.
    const events = ['route @nestjs/common L16 "ALL" "/webhooks/*path"', 'route @nestjs/common L21 "OPTIONS" "/"'];
    expect(untyped('orders/events.controller.ts')).toEqual(events);
    expect(typed('orders/events.controller.ts')).toEqual(events);
  });

  it('setGlobalPrefix in main.ts: a service-wide mount without child', () => {
    expect(untyped('orders/main.ts')).toEqual(['mount @nestjs/common L7 ?(API_PREFIX)']);
    expect(typed('orders/main.ts')).toEqual(['mount @nestjs/common L7 "api"']);
    const [mount] = program().scan('orders/main.ts').mounts;
    expect(mount?.child).toBeUndefined();
    expect(mount?.parent).toBeUndefined();
  });

  it('HttpService calls, Map.get, modules, and decorators outside controllers or from elsewhere are not routes', () => {
    for (const entry of ['orders/orders.service.ts', 'orders/app.module.ts', 'negative/not-a-controller.ts']) {
      expect(untyped(entry), entry).toEqual([]);
      expect(typed(entry), entry).toEqual([]);
    }
    // The service's request is still seen as a request.
    expect(program().scan('orders/orders.service.ts').http).toHaveLength(1);
  });
});
