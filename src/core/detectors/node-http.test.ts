import { describe, expect, it } from 'vitest';
import { scanUntyped, summarize, typedScanner } from '../../../test/helpers/scan.js';

const FILES: Record<string, string> = {
  'legacy/stock.ts': `import http from 'node:http';
import * as https from 'https';
import { request as httpsRequest } from 'node:https';

const INVENTORY_HOST = process.env.INVENTORY_HOST ?? 'inventory';

export function reserve(sku: string, done: (status?: number) => void) {
  const req = http.request(
    { hostname: INVENTORY_HOST, port: 3000, path: \`/reservations/\${sku}\`, method: 'POST', headers: { 'content-type': 'application/json' } },
    (res) => done(res.statusCode),
  );
  req.end(JSON.stringify({ sku }));
  http.get(\`http://\${INVENTORY_HOST}:3000/stock/\${sku}\`, (res) => done(res.statusCode));
  https.get(new URL('/v1/rates', 'https://rates.example.com'), (res) => done(res.statusCode));
  const options = { host: 'payments', path: '/charges', method: 'put' };
  httpsRequest(options, (res) => done(res.statusCode)).end();
  http.request('http://audit:9000/events', { method: 'POST' }).end();
  http.get({ path: '/local' });
  http.request({ socketPath: '/var/run/docker.sock', path: '/containers/json' }).end();
}
`,
  'legacy/forward.ts': `import http, { type IncomingMessage, type RequestOptions } from 'http';

export function forward(url: string, options: RequestOptions, onResponse: (res: IncomingMessage) => void) {
  http.request(url, options).end();
  http.request(url, onResponse).end();
}
`,
  'js/health.js': `const https = require('https');
const { get } = require('http');

function check(url, cb) {
  https.get(url, cb);
  get({ host: 'orders', port: process.env.ORDERS_PORT, path: '/health' }, cb);
  require('http').request({ hostname: 'billing', path: '/ping', method: 'HEAD' }).end();
}

module.exports = { check };
`,
  'negative/lookalikes.ts': `import { Injectable } from '@nestjs/common';
import { HttpService } from '@nestjs/axios';
import * as http from 'http';

const client = { get: (url: string) => url, request: (url: string) => url };

@Injectable()
export class Users {
  constructor(private readonly http: HttpService) {}

  server() {
    return http.createServer((_req, res) => res.end('ok'));
  }

  shadowed(http: { get(url: string): string }) {
    client.get('http://not-node-http/');
    client.request('http://not-node-http/');
    return http.get('http://not-node-http/param');
  }
}
`,
};

let shared: ReturnType<typeof typedScanner> | undefined;
const program = () => (shared ??= typedScanner(FILES));
const untyped = (entry: string) => summarize(scanUntyped(FILES[entry]!, entry));
const typed = (entry: string) => summarize(program().scan(entry));

describe('node:http and node:https', () => {
  it('fixtures are code that compiles', () => {
    for (const entry of Object.keys(FILES)) expect(program().errors(entry), entry).toEqual([]);
  });

  it('request and get with options objects, URLs, URL objects, a named import, a Unix socket', () => {
    const expected = [
      'http node:http L8 "POST" "http://"+env(INVENTORY_HOST??"inventory")+":3000/reservations/"+param(0)',
      'http node:http L13 "GET" "http://"+env(INVENTORY_HOST??"inventory")+":3000/stock/"+param(0)',
      'http node:https L14 "GET" "https://rates.example.com/v1/rates"',
      'http node:https L16 "PUT" "https://payments/charges"',
      'http node:http L17 "POST" "http://audit:9000/events"',
      'http node:http L18 "GET" "http://localhost/local"',
      'http node:http L19 "GET" "http://"+?(unix:/var/run/docker.sock)+"/containers/json"',
    ];
    expect(untyped('legacy/stock.ts')).toEqual(expected);
    expect(typed('legacy/stock.ts')).toEqual(expected);
  });

  it('options or a callback after the URL: the checker tells when the code does not', () => {
    expect(untyped('legacy/forward.ts')).toEqual(['http node:http L4 param(1.method??"GET") param(0)', 'http node:http L5 param(2.method??"GET") param(0)']);
    expect(typed('legacy/forward.ts')).toEqual(['http node:http L4 param(1.method??"GET") param(0)', 'http node:http L5 "GET" param(0)']);
  });

  it('JavaScript: require, a destructured get, an inline require', () => {
    const expected = [
      'http node:https L5 "GET" param(0)',
      'http node:http L6 "GET" "http://orders:"+env(ORDERS_PORT)+"/health"',
      'http node:http L7 "HEAD" "http://billing/ping"',
    ];
    expect(untyped('js/health.js')).toEqual(expected);
    expect(typed('js/health.js')).toEqual(expected);
  });

  it('an injected HttpService, an object literal, a parameter named http and createServer are not requests', () => {
    expect(untyped('negative/lookalikes.ts')).toEqual([]);
    expect(typed('negative/lookalikes.ts')).toEqual([]);
  });
});
