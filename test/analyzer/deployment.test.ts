import { describe, expect, it } from 'vitest';
import { analyzeProject } from '../../src/analyzer/analyze.js';
import { tempRepo } from '../helpers/temp-repo.js';

const ordersClient = `
const PAYMENTS = process.env.PAYMENTS_URL ?? 'http://localhost:4000';
export async function charge(orderId: string) {
  const response = await fetch(\`\${PAYMENTS}/api/charges\`, { method: 'POST', body: JSON.stringify({ orderId }) });
  return response.json();
}
`;

describe('where a service gets its environment and its host names', () => {
  it('reads the .env of the service folder', async () => {
    const root = tempRepo({
      'orders/package.json': '{ "name": "@acme/orders" }',
      'orders/.env': '# local\nPAYMENTS_URL=http://payments:4000\n',
      'orders/src/payments.ts': ordersClient,
      'payments/package.json': '{ "name": "@acme/payments" }',
    });
    const http = (await analyzeProject({ root })).interactions.filter((i) => i.kind === 'http');
    expect(http.map((i) => `${i.service} ${i.url} ${i.target}`)).toEqual(['orders http://payments:4000/api/charges payments']);
  });

  it('reads the env files at the root for the repository\'s own service, as for any other (a single-package repository)', async () => {
    const root = tempRepo({
      'package.json': '{ "name": "orders" }',
      '.env.example': 'ORDER_TOPIC=example.topic\nOTHER=x\n',
      '.env': 'ORDER_TOPIC=order.created\n',
      'src/producer.ts': "import { Kafka } from 'kafkajs';\nconst producer = new Kafka({ brokers: ['kafka:9092'] }).producer();\nexport const publish = (id: string) => producer.send({ topic: process.env.ORDER_TOPIC!, messages: [{ key: id, value: id }] });\n",
    });
    const result = await analyzeProject({ root });
    expect(result.services.map((service) => service.name)).toEqual(['orders']);
    expect(result.interactions.map((i) => i.kind === 'produce' && `${i.service} ${i.topic}`)).toEqual(['orders order.created']);
  });

  it('reads the root env files for a CommonJS service too: require, destructured process.env, a config object', async () => {
    const root = tempRepo({
      'package.json': '{ "name": "billing", "main": "index.js" }',
      '.env.sample': 'INVOICE_TOPIC=invoice.issued\nLEDGER_URL=http://ledger:3000\n',
      'index.js': "require('dotenv').config();\nconst { startProducer } = require('./lib/producer');\nstartProducer();\n",
      'lib/config.js': "const { INVOICE_TOPIC, LEDGER_URL } = process.env;\nmodule.exports = { kafka: { topic: INVOICE_TOPIC }, ledger: LEDGER_URL };\n",
      'lib/producer.js': [
        "const { Kafka } = require('kafkajs');",
        "const axios = require('axios');",
        "const config = require('./config');",
        "const producer = new Kafka({ brokers: ['kafka:9092'] }).producer();",
        'async function startProducer() {',
        "  await producer.send({ topic: config.kafka.topic, messages: [{ key: 'k', value: 'v' }] });",
        "  await axios.post(`${config.ledger}/entries`, {});",
        '}',
        'module.exports = { startProducer };',
        '',
      ].join('\n'),
    });
    const result = await analyzeProject({ root });
    expect(result.services.map((service) => service.name)).toEqual(['billing']);
    expect(result.interactions.map((i) => (i.kind === 'http' ? `${i.service} ${i.method} ${i.url}` : `${i.service} ${i.kind} ${i.topic}`)).sort()).toEqual(['billing POST http://ledger:3000/entries', 'billing produce invoice.issued']);
  });

  it('reads the root .env for an ES module service loading dotenv/config', async () => {
    const root = tempRepo({
      'package.json': '{ "name": "alerts", "type": "module" }',
      '.env': 'ALERT_TOPIC=alert.raised\n',
      'src/main.mjs': "import 'dotenv/config';\nimport { Kafka } from 'kafkajs';\nconst consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'alerts' });\nawait consumer.subscribe({ topic: process.env.ALERT_TOPIC });\n",
    });
    const result = await analyzeProject({ root });
    expect(result.interactions.map((i) => i.kind !== 'http' && `${i.service} ${i.kind} ${i.topic}`)).toEqual(['alerts consume alert.raised']);
  });

  it('lets docker-compose win over .env, and .env over .env.example', async () => {
    const root = tempRepo({
      'orders/package.json': '{ "name": "orders" }',
      'orders/.env.example': 'PAYMENTS_URL=http://example:1\nOTHER=x\n',
      'orders/.env': 'PAYMENTS_URL=http://from-dotenv:2\n',
      'orders/src/payments.ts': ordersClient,
      'docker-compose.yml': 'services:\n  orders:\n    build: ./orders\n    environment:\n      PAYMENTS_URL: http://payments-api:4000\n  payments-api:\n    build: ./payments\n',
      'payments/package.json': '{ "name": "payments" }',
    });
    const http = (await analyzeProject({ root })).interactions.filter((i) => i.kind === 'http');
    expect(http.map((i) => `${i.url} ${i.target}`)).toEqual(['http://payments-api:4000/api/charges payments-api']);
  });

  it('reads Kubernetes manifests: container env, and Service names as hosts of the workloads they select', async () => {
    const root = tempRepo({
      'orders/package.json': '{ "name": "orders" }',
      'orders/src/payments.ts': ordersClient,
      'payments/package.json': '{ "name": "payments" }',
      'infra/k8s/orders-depl.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders-depl
spec:
  selector:
    matchLabels: { app: orders }
  template:
    metadata:
      labels: { app: orders }
    spec:
      containers:
        - name: orders
          image: acme/orders
          env:
            - name: PAYMENTS_URL
              value: http://payments-clusterip-srv.default.svc.cluster.local:4000
            - name: DB_PASSWORD
              valueFrom: { secretKeyRef: { name: db, key: password } }
`,
      'infra/k8s/payments.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: payments-depl
spec:
  template:
    metadata:
      labels: { app: payments-api }
    spec:
      containers:
        - name: payments-api
          image: acme/payments
---
apiVersion: v1
kind: Service
metadata:
  name: payments-clusterip-srv
spec:
  selector: { app: payments-api }
  ports: [{ port: 4000 }]
`,
      'infra/helm/templates/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n',
    });
    const result = await analyzeProject({ root });
    expect(result.services.find((s) => s.name === 'payments')?.hosts).toEqual(['payments', 'payments-clusterip-srv']);
    const http = result.interactions.filter((i) => i.kind === 'http');
    expect(http.map((i) => `${i.path} ${i.target} ${i.targetKind}`)).toEqual(['/api/charges payments service']);
    expect(result.diagnostics).toEqual([]);
  });

  it('follows Kubernetes Ingress rules: a public host and a path prefix name the Service; relative URLs of a served app go through its host', async () => {
    const deployment = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}-depl
spec:
  template:
    metadata:
      labels: { app: ${name} }
    spec:
      containers:
        - name: ${name}
          image: acme/${name}
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}-srv
spec:
  selector: { app: ${name} }
`;
    const root = tempRepo({
      'web/package.json': '{ "name": "web" }',
      'web/src/api.ts': `const PUBLIC = 'https://shop.acme.dev';
export const listOrders = () => fetch(\`\${PUBLIC}/api/orders\`);
export const getOrder = (id: string) => fetch(\`\${PUBLIC}/api/orders/\${id}\`);
export const pay = (id: string) => fetch(\`\${PUBLIC}/api/payments/v2/\${id}\`, { method: 'POST' });
export const ordersReport = () => fetch(\`\${PUBLIC}/api/ordersreport\`);
export const legacy = () => fetch('https://legacy.acme.dev/orders');
export const status = () => fetch('https://status.acme.dev/api/orders');
// Not served by an Ingress: a relative URL's origin is not known.
export const local = () => fetch('/api/orders');
// Server-side rendering through the controller, with the browser's Host header.
export const rendered = (id: string) => fetch(\`http://ingress-nginx-controller.ingress-nginx.svc.cluster.local/api/orders/\${id}\`);
`,
      // Served by the Ingress at shop.acme.dev: the browser's relative URLs go back through it.
      'storefront/src/cart.ts': `export const checkout = (id: string) => fetch(\`/api/payments/v2/\${id}\`, { method: 'POST' });
`,
      'orders/package.json': '{ "name": "orders" }',
      'payments/package.json': '{ "name": "payments" }',
      'storefront/package.json': '{ "name": "storefront" }',
      'infra/k8s/orders.yaml': deployment('orders'),
      'infra/k8s/payments.yaml': deployment('payments'),
      'infra/k8s/storefront.yaml': deployment('storefront'),
      'infra/k8s/ingress.yaml': `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: public
  annotations:
    nginx.ingress.kubernetes.io/use-regex: 'true'
spec:
  ingressClassName: nginx
  rules:
    - host: shop.acme.dev
      http:
        paths:
          - path: /api/orders
            pathType: Prefix
            backend: { service: { name: orders-srv, port: { number: 3000 } } }
          # With use-regex, ingress-nginx reads every path as a regex, whatever its pathType.
          - path: /api/payments/v2/?(.*)
            pathType: Prefix
            backend: { service: { name: payments-srv, port: { number: 3000 } } }
          - path: /
            pathType: Prefix
            backend: { service: { name: storefront-srv, port: { number: 3000 } } }
    # Any host: a URL's host alone cannot say it reaches this cluster.
    - http:
        paths:
          - path: /api/orders
            pathType: Prefix
            backend: { service: { name: orders-srv, port: { number: 3000 } } }
---
apiVersion: networking.k8s.io/v1beta1
kind: Ingress
metadata:
  name: legacy
spec:
  rules:
    - host: legacy.acme.dev
      http:
        paths:
          - path: /orders
            backend: { serviceName: orders-srv, servicePort: 3000 }
`,
    });
    const result = await analyzeProject({ root });
    const http = result.interactions.filter((i) => i.kind === 'http');
    expect(http.map((i) => `${i.path} ${i.target} ${i.targetKind}`)).toEqual([
      '/api/payments/v2/{id} payments service',
      '/api/orders orders service',
      '/api/orders/{id} orders service',
      '/api/payments/v2/{id} payments service',
      // `/api/orders` is a Prefix of whole segments: `/api/ordersreport` falls to `/`.
      '/api/ordersreport storefront service',
      '/orders orders service',
      '/api/orders status.acme.dev external',
      '/api/orders null unresolved',
      '/api/orders/{id} orders service',
    ]);
    expect(result.diagnostics).toEqual([]);
  });

  it('reads the env files the code loads (ConfigModule envFilePath, dotenv path), below what the deployment sets', async () => {
    const root = tempRepo({
      '.env/.env.development': 'FEED_TOPIC=feed.configuration\nPRICES_TOPIC=prices.from-file\n',
      'configurator/package.json': '{ "name": "configurator" }',
      'configurator/src/app.module.ts': `import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';

const configModule = ConfigModule.forRoot({
  envFilePath: process.env.NODE_ENV ? [\`../.env/.env.\${process.env.NODE_ENV}\`] : ['../.env/.env.development'],
  isGlobal: true,
});

@Module({ imports: [configModule] })
export class AppModule {}
`,
      'configurator/src/feed-sender.ts': `import { Kafka } from 'kafkajs';

const producer = new Kafka({ brokers: ['kafka:9092'] }).producer();

export async function announce(id: string) {
  await producer.send({ topic: process.env.FEED_TOPIC!, messages: [{ key: id, value: id }] });
  await producer.send({ topic: process.env.PRICES_TOPIC!, messages: [{ key: id, value: id }] });
}
`,
      'ticker/package.json': '{ "name": "ticker" }',
      'ticker/src/main.ts': `import path from 'node:path';
import dotenv from 'dotenv';
import { Kafka } from 'kafkajs';

dotenv.config({ path: path.resolve(__dirname, '../../.env/.env.development') });
const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'ticker' });
await consumer.subscribe({ topic: process.env.FEED_TOPIC! });
`,
      'docker-compose.yml': 'services:\n  configurator:\n    build: ./configurator\n    environment:\n      PRICES_TOPIC: prices.from-compose\n  ticker:\n    build: ./ticker\n',
    });
    const result = await analyzeProject({ root });
    expect(result.interactions.map((i) => `${i.service} ${i.kind} ${'topic' in i ? i.topic : ''}`)).toEqual([
      'configurator produce feed.configuration',
      'configurator produce prices.from-compose',
      'ticker consume feed.configuration',
    ]);
  });

  it('links a Kubernetes workload to the folder its image is named after, when the Deployment has another name', async () => {
    const manifest = (name: string, image: string, env = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  selector:
    matchLabels: { name: ${name} }
  template:
    metadata:
      labels: { name: ${name} }
    spec:
      containers:
        - name: ${name}
          image: ${image}${env}
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector: { name: ${name} }
  ports: [{ port: 8080 }]
`;
    const root = tempRepo({
      'services/apiService/package.json': '{ "name": "apiservice" }',
      'services/apiService/app.js': "const STATUS = process.env.STATUS_SERVICE || 'http://localhost:9999';\nfetch(STATUS + '/status/1');\nfetch('http://status:8080/health');\n",
      'services/statusService/package.json': '{ "name": "statusservice" }',
      'deployments/api.yaml': manifest('api', 'registry.example.com/acme/apiservice:1.0@sha256:abc', '\n          env:\n            - name: STATUS_SERVICE\n              value: http://status:8080'),
      'deployments/status.yaml': manifest('status', 'acme/statusservice:1.0'),
      // A templated image names nothing.
      'deployments/other.yaml': manifest('other', '{{ .Values.image }}'),
    });
    const result = await analyzeProject({ root });
    expect(result.services.map((service) => `${service.name} ${service.hosts.join(',')}`)).toEqual(['apiservice api,apiservice', 'statusservice status,statusservice']);
    expect(result.interactions.filter((i) => i.kind === 'http').map((i) => `${i.url} ${i.target} ${i.targetVia}`)).toEqual(['http://status:8080/status/1 statusservice host', 'http://status:8080/health statusservice host']);
  });

  it('never names a service from a localhost port without evidence that it publishes or listens on it', async () => {
    const root = tempRepo({
      'orders/package.json': '{ "name": "orders" }',
      'orders/src/payments.ts': ordersClient,
      // A PORT given to `node` is read by code this repository does not show listening.
      'payments/package.json': '{ "name": "payments", "scripts": { "start": "PORT=4000 node dist/main.js" } }',
    });
    const [http] = (await analyzeProject({ root })).interactions;
    expect(http).toMatchObject({ kind: 'http', url: 'http://localhost:4000/api/charges', target: null, targetKind: 'unresolved', targetVia: 'none' });
    expect(http?.unresolved?.url).toBe("'localhost:4000' is this machine; no service publishes or listens on port 4000");
  });
});

describe('service names', () => {
  it('two packages with one name stay two services: the copy takes its folder name, with a note', async () => {
    const root = tempRepo({
      'posts/package.json': '{ "name": "@twitter-clone/posts" }',
      'posts/src/index.ts': "export const listComments = () => fetch('http://comments-srv:3000/api/comments');\n",
      // Copied from posts and never renamed.
      'comments/package.json': '{ "name": "@twitter-clone/posts" }',
      'infra/k8s/comments-depl.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: comments-depl
spec:
  template:
    metadata:
      labels: { app: comments }
    spec:
      containers:
        - name: comments
          image: acme/comments
---
apiVersion: v1
kind: Service
metadata:
  name: comments-srv
spec:
  selector: { app: comments }
`,
    });
    const result = await analyzeProject({ root });
    expect(result.services.map((service) => `${service.name} ${service.root}`)).toEqual(['comments comments', 'posts posts']);
    expect(result.interactions.map((i) => (i.kind === 'http' ? i.target : null))).toEqual(['comments']);
    expect(result.diagnostics).toEqual([{ file: 'comments', message: "has the same service name as 'posts' ('posts'); named 'comments' after its folder" }]);
  });
});
