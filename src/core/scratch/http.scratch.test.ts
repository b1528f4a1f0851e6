import { it } from 'vitest';
import { scanUntyped, summarize, typedScanner } from '../../../test/helpers/scan.js';

const files: Record<string, string> = {
  'a/clients.ts': `import axios from 'axios';
export const paymentsApi = axios.create({ baseURL: process.env.PAYMENTS_URL ?? 'http://payments:8080', timeout: 5000 });
export const inventoryApi = axios.create({ baseURL: 'http://inventory:3000/api/' });
`,
  'a/checkout.ts': `import { paymentsApi, inventoryApi } from './clients';
export async function checkout(orderId: string, sku: string) {
  await inventoryApi.post('/reservations', { sku });
  const { data } = await paymentsApi.post(\`/charges/\${orderId}\`, { orderId });
  await paymentsApi.get('status', { params: { orderId } });
  return data;
}
`,
  'b/default.ts': `import axios from 'axios';
const USERS_URL = process.env.USERS_URL ?? 'http://users:3000';
axios.defaults.headers.common['Authorization'] = 'Bearer x';
axios.defaults.baseURL = 'http://ignored';
export async function loadUser(id: string) {
  const res = await axios.get(\`\${USERS_URL}/users/\${id}\`);
  await axios({ method: 'post', url: USERS_URL + '/audit', data: { id } });
  await axios.request({ url: \`\${USERS_URL}/ping\` });
  await axios(\`\${USERS_URL}/health\`);
  await axios.delete(\`\${USERS_URL}/users/\${id}\`, { timeout: 1000 });
  axios.interceptors.request.use((c) => c);
  return res.data;
}
`,
  'c/service.ts': `import { Injectable } from '@nestjs/common';
import { HttpService } from '@nestjs/axios';
import { firstValueFrom } from 'rxjs';

@Injectable()
export class ShippingClient {
  private readonly baseUrl = process.env.SHIPPING_URL ?? 'http://shipping:4000';
  constructor(private readonly http: HttpService) {}

  async quote(orderId: string) {
    const { data } = await firstValueFrom(this.http.post(\`\${this.baseUrl}/quotes\`, { orderId }));
    return data;
  }
  async track(id: string) {
    return this.http.axiosRef.get(\`\${this.baseUrl}/tracking/\${id}\`);
  }
  status() {
    return this.http.get(this.baseUrl + '/status').subscribe((r) => r.data);
  }
}
`,
  'd/fetch.ts': `const BASE = process.env.NOTIFY_URL ?? 'http://notifications:5000';
export async function notify(userId: string) {
  await fetch(\`\${BASE}/notify\`, { method: 'POST', body: JSON.stringify({ userId }) });
  const request = new Request(new URL('/users/' + userId, BASE), { method: 'put' });
  await fetch(request);
  await fetch(new Request(BASE + '/ping'));
  await globalThis.fetch(BASE + '/global');
  const res = await fetch(BASE + '/x', { signal: AbortSignal.timeout(1000) });
  return res.ok;
}
`,
  'd/negfetch.ts': `import fetch from 'node-fetch';
export async function f() { await fetch('http://x/imported'); }
`,
  'd/negfetch2.ts': `import { fetch } from './my-fetch';
export async function f() { await fetch('http://x/imported'); }
`,
  'd/my-fetch.ts': `export async function fetch(url: string) { return url; }
export async function g() { const fetch = (u: string) => u; fetch('http://x/local'); }
`,
  'e/express.ts': `import express from 'express';
const app = express();
app.get('/orders/:id', (req, res) => { res.send({ id: req.params.id }); });
app.post('/orders', async (req, res) => { res.status(201).send(req.body); });
const map = new Map<string, string>(); map.get('x');
`,
  'f/js.js': `const axios = require('axios');
const api = axios.create({ baseURL: process.env.API_URL || 'http://api:8080' });
async function run(id) {
  await api.get('/things/' + id);
  await axios.post('http://audit:9000/events', { id });
}
module.exports = { run };
`,
  'g/wrapper.ts': `import axios, { AxiosInstance } from 'axios';
export class HttpClient {
  private readonly client: AxiosInstance;
  constructor(baseURL: string) {
    this.client = axios.create({ baseURL });
  }
  get(path: string) { return this.client.get(path); }
}
`,
  'g/use.ts': `import { HttpClient } from './wrapper';
const payments = new HttpClient(process.env.PAYMENTS_URL ?? 'http://payments:1');
const users = new HttpClient('http://users:2');
export async function f() { await payments.get('/x'); await users.get('/y'); }
`,
  'h/supertest.ts': `import request from 'supertest';
import { app } from './app';
export async function t() { await request(app).post('/orders').send({ a: 1 }); }
`,
};

const scan = typedScanner(files);
for (const name of Object.keys(files)) {
  it(name, () => {
    console.log(name, '\nUNTYPED', summarize(scanUntyped(files[name]!, name)), '\nTYPED', summarize(scan(name)));
  });
}
