import { describe, expect, it } from 'vitest';
import { analyzeProject } from '../../src/analyzer/analyze.js';
import type { HttpInteraction } from '../../src/core/model/result.js';
import { tempRepo } from '../helpers/temp-repo.js';

/** The HTTP interactions as `file:line target via`, with the candidates of an unresolved one. */
async function targets(files: Record<string, string>): Promise<string[]> {
  const result = await analyzeProject({ root: tempRepo(files) });
  return result.interactions
    .filter((interaction): interaction is HttpInteraction => interaction.kind === 'http')
    .map((i) => `${i.location.file}:${i.location.line} ${i.target ?? '?'} ${i.targetVia ?? ''}${i.candidates ? ` [${i.candidates.join(', ')}]` : ''}`);
}

const express = (port: string) => `const app = require('express')();\napp.get('/x', (req, res) => res.end());\napp.listen(${port});\n`;

describe('targets on this machine, decided by the port', () => {
  it('compose ports: short syntax with IP, protocol and ranges, the long syntax, and image-only services as external nodes', async () => {
    expect(
      await targets({
        'docker-compose.yml': `services:
  a:
    build: ./a
    ports: ["127.0.0.1:5001:3000/tcp"]
  b:
    build: ./b
    ports: ["5002-5003:3000-3001"]
  c:
    build: ./c
    ports:
      - target: 3000
        published: \${C_PORT}
  mailhog:
    image: mailhog/mailhog
    ports: ["8025:8025"]
  d:
    build: ./d
    ports: ["3000"]
`,
        '.env': 'C_PORT=5004\n',
        'a/package.json': '{ "name": "a" }',
        'b/package.json': '{ "name": "b" }',
        'c/package.json': '{ "name": "c" }',
        'd/package.json': '{ "name": "d" }',
        'web/package.json': '{ "name": "web" }',
        'web/src/api.ts': [
          "fetch('http://localhost:5001/x');",
          "fetch('http://127.0.0.1:5003/x');",
          "fetch('http://host.docker.internal:5004/x');",
          "fetch('http://localhost:8025/api/v2/messages');",
          // `ports: ["3000"]` publishes the container port on a random host port: nothing on 3000.
          "fetch('http://localhost:3000/x');",
        ].join('\n'),
      }),
    ).toEqual([
      'web/src/api.ts:1 a published-port',
      'web/src/api.ts:2 b published-port',
      'web/src/api.ts:3 c published-port',
      'web/src/api.ts:4 mailhog published-port',
      'web/src/api.ts:5 ? none',
    ]);
  });

  it('Kubernetes nodePort and hostPort publish a port of the machine', async () => {
    expect(
      await targets({
        'orders/package.json': '{ "name": "orders" }',
        'stock/package.json': '{ "name": "stock" }',
        'cli/package.json': '{ "name": "cli" }',
        'cli/index.ts': "fetch('http://localhost:30080/orders');\nfetch('http://localhost:9100/stock');\n",
        'k8s/orders.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: orders\nspec:\n  type: NodePort\n  selector: { app: orders }\n  ports:\n    - port: 80\n      nodePort: 30080\n',
        'k8s/stock.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: stock\nspec:\n  template:\n    metadata:\n      labels: { app: stock }\n    spec:\n      containers:\n        - name: stock\n          image: acme/stock\n          ports:\n            - containerPort: 9100\n              hostPort: 9100\n',
      }),
    ).toEqual(['cli/index.ts:1 orders published-port', 'cli/index.ts:2 stock published-port']);
  });

  it('without a publisher, the one service listening: Express, Koa, Fastify, Hono, NestJS, node:http and dev-server scripts, with each service environment', async () => {
    expect(
      await targets({
        'express/package.json': '{ "name": "express-app" }',
        'express/.env': 'PORT=6001\n',
        'express/index.js': express('process.env.PORT || 3000'),
        'koa/package.json': '{ "name": "koa-app" }',
        'koa/index.ts': "import Koa from 'koa';\nconst port = Number(process.env.KOA_PORT ?? 6002);\nnew Koa().listen(port);\n",
        'fastify/package.json': '{ "name": "fastify-app" }',
        'fastify/index.ts': "import Fastify from 'fastify';\nconst app = Fastify();\napp.listen({ port: +(process.env.PORT || '6003'), host: '0.0.0.0' });\n",
        'hono/package.json': '{ "name": "hono-app" }',
        'hono/index.ts': "import { Hono } from 'hono';\nimport { serve } from '@hono/node-server';\nconst app = new Hono();\nserve({ fetch: app.fetch, port: 6004 });\n",
        'nest/package.json': '{ "name": "nest-app" }',
        'nest/src/main.ts': "import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  await app.listen(parseInt(process.env.NEST_PORT, 10) || 6005);\n}\nbootstrap();\n",
        'plain/package.json': '{ "name": "plain" }',
        'plain/server.js': "const http = require('http');\nhttp.createServer((req, res) => res.end()).listen(6006);\n",
        'front/package.json': '{ "name": "front", "scripts": { "dev": "next dev --port 6007", "start": "PORT=6008 react-scripts start" } }',
        'cli/package.json': '{ "name": "cli" }',
        'cli/index.ts': [6001, 6002, 6003, 6004, 6005, 6006, 6007, 6008].map((port) => `fetch('http://localhost:${port}/x');`).join('\n'),
      }),
    ).toEqual([
      'cli/index.ts:1 express-app listen-port',
      'cli/index.ts:2 koa-app listen-port',
      'cli/index.ts:3 fastify-app listen-port',
      'cli/index.ts:4 hono-app listen-port',
      'cli/index.ts:5 nest-app listen-port',
      'cli/index.ts:6 plain listen-port',
      'cli/index.ts:7 front listen-port',
      'cli/index.ts:8 front listen-port',
    ]);
  });

  it('two candidates name none and are listed; a publisher wins over services listening on the port inside their containers', async () => {
    expect(
      await targets({
        'docker-compose.yml': 'services:\n  gateway:\n    build: ./gateway\n    ports: ["8080:3000"]\n',
        'gateway/package.json': '{ "name": "gateway" }',
        'gateway/index.js': express('3000'),
        'users/package.json': '{ "name": "users" }',
        'users/index.js': express('8080'),
        'orders/package.json': '{ "name": "orders" }',
        'orders/index.js': express('process.env.PORT ?? 3000'),
        'web/package.json': '{ "name": "web" }',
        'web/api.js': "fetch('http://localhost:8080/x');\nfetch('http://localhost:3000/x');\n",
      }),
    ).toEqual(['web/api.js:1 gateway published-port', 'web/api.js:2 ? none [gateway, orders]']);
  });
});
