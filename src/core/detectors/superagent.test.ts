import { describe, expect, it } from 'vitest';
import { scanUntyped, summarize, typedScanner } from '../../../test/helpers/scan.js';

const FILES: Record<string, string> = {
  'billing/billing.client.ts': `import superagent from 'superagent';

const BILLING_URL = process.env.BILLING_URL ?? 'http://billing:7000';

export class BillingClient {
  private readonly agent = superagent.agent().set('x-service', 'orders');

  async invoice(orderId: string) {
    const res = await superagent.post(\`\${BILLING_URL}/invoices\`).send({ orderId }).timeout(2000);
    return res.body;
  }

  status(id: string) {
    return this.agent.get(\`\${BILLING_URL}/invoices/\${id}\`);
  }

  cancel(id: string) {
    return this.agent.del(\`\${BILLING_URL}/invoices/\${id}\`);
  }
}
`,
  'billing/request-name.ts': `import request from 'superagent';

export function sync(method: string, id: string) {
  request.put(\`http://ledger:8000/entries/\${id}\`).send({ id }).end(() => undefined);
  request('GET', 'http://ledger:8000/health');
  request('http://ledger:8000/ready');
  return request(method, 'http://ledger:8000/entries');
}
`,
  'js/client.js': `const request = require('superagent');
const { agent } = require('superagent');

const session = agent();

async function run(id) {
  await request.get('http://users:3000/users/' + id).query({ full: true });
  await request.patch('http://users:3000/users/' + id).send({ active: false });
  await session.head('http://users:3000/ping');
}

module.exports = { run };
`,
  'negative/supertest.test.ts': `import request from 'supertest';
import { app } from './app';

export async function smoke() {
  await request(app).get('/orders').expect(200);
  await request(app).post('/orders').send({ sku: 'x' });
  const agent = request.agent(app);
  await agent.get('/session');
}
`,
  'negative/app.ts': `import express from 'express';

export const app = express();
app.get('/orders', (_req, res) => {
  res.send([]);
});
app.post('/orders', (req, res) => {
  res.status(201).send(req.body);
});
`,
};

let shared: ReturnType<typeof typedScanner> | undefined;
const program = () => (shared ??= typedScanner(FILES));
const untyped = (entry: string) => summarize(scanUntyped(FILES[entry]!, entry));
const typed = (entry: string) => summarize(program().scan(entry));
/** superagent is not installed here: code that imports it compiles with it as `any`. */
const errors = (entry: string) => program().errors(entry).filter((message) => !message.includes("Cannot find module 'superagent'"));

describe('superagent', () => {
  it('fixtures are code that compiles', () => {
    for (const entry of Object.keys(FILES).filter((name) => !name.startsWith('negative/'))) expect(errors(entry), entry).toEqual([]);
  });

  it('an API client class: the module shorthands with chains, an agent field', () => {
    const expected = [
      'http superagent L9 "POST" env(BILLING_URL??"http://billing:7000")+"/invoices"',
      'http superagent L14 "GET" env(BILLING_URL??"http://billing:7000")+"/invoices/"+param(0)',
      'http superagent L18 "DELETE" env(BILLING_URL??"http://billing:7000")+"/invoices/"+param(0)',
    ];
    expect(untyped('billing/billing.client.ts')).toEqual(expected);
    expect(typed('billing/billing.client.ts')).toEqual(expected);
  });

  it('imported as request: shorthands and the module called with a method and a URL, or a URL alone', () => {
    const expected = [
      'http superagent L4 "PUT" "http://ledger:8000/entries/"+param(1)',
      'http superagent L5 "GET" "http://ledger:8000/health"',
      'http superagent L6 "GET" "http://ledger:8000/ready"',
      'http superagent L7 param(0) "http://ledger:8000/entries"',
    ];
    expect(untyped('billing/request-name.ts')).toEqual(expected);
    expect(typed('billing/request-name.ts')).toEqual(expected);
  });

  it('JavaScript: require, a destructured agent()', () => {
    const expected = [
      'http superagent L7 "GET" "http://users:3000/users/"+param(0)',
      'http superagent L8 "PATCH" "http://users:3000/users/"+param(0)',
      'http superagent L9 "HEAD" "http://users:3000/ping"',
    ];
    expect(untyped('js/client.js')).toEqual(expected);
    expect(typed('js/client.js')).toEqual(expected);
  });

  it('supertest against an app and Express routes are not requests to services', () => {
    for (const entry of ['negative/supertest.test.ts', 'negative/app.ts']) {
      expect(untyped(entry).filter((line) => line.startsWith('http ')), entry).toEqual([]);
      expect(typed(entry).filter((line) => line.startsWith('http ')), entry).toEqual([]);
    }
  });
});
