import { describe, expect, it } from 'vitest';
import { analyzeProject } from '../../src/analyzer/analyze.js';
import { chooseLocation, parseNginxConfig, proxiedPath, safeRegExp } from '../../src/analyzer/nginx-config.js';
import type { HttpInteraction } from '../../src/core/model/result.js';
import { tempRepo } from '../helpers/temp-repo.js';

const CONFIG = `
# the gateway
events {}
http {
  upstream orders_pool {
    server orders-1:3000 weight=2;
    server orders-2:3000;
  }
  server {
    listen 8080 default_server;
    server_name api.shop.example;
    rewrite ^/v0/(.*)$ /api/$1 last;
    location = /health { return 200; }
    location / { root /usr/share/nginx/html; try_files $uri /index.html; }
    location /api/orders/ { proxy_pass http://orders_pool/; }
    location ^~ /api/stock { rewrite ^/api/stock(/.*)$ /v2$1 break; proxy_pass http://stock:4000; }
    location ~* \\.(png|jpe?g)$ { proxy_pass http://images:5000; }
    location ~ ^/api/users/(\\d+)$ { proxy_pass http://users:3000; }
    location /api/ { proxy_pass "http://legacy:9000/api/"; }
    location /dynamic/ { proxy_pass http://$backend; }
    location /old/ { rewrite ^/old/(.*)$ /api/$1 last; }
    location @fallback { proxy_pass http://never; }
  }
}
`;

describe('reading nginx configuration', () => {
  const config = parseNginxConfig(CONFIG);
  const server = config.servers[0]!;
  const proxied = (path: string) => proxiedPath(server, path);

  it('keeps upstreams, listen ports, names, root and locations', () => {
    expect(config.upstreams.get('orders_pool')).toEqual(['orders-1:3000', 'orders-2:3000']);
    expect(server).toMatchObject({ names: ['api.shop.example'], ports: [8080], root: '/usr/share/nginx/html' });
    expect(server.locations.map((location) => `${location.modifier}${location.path}`)).toEqual([
      '=/health',
      '/',
      '/api/orders/',
      '^~/api/stock',
      '~*\\.(png|jpe?g)$',
      '~^/api/users/(\\d+)$',
      '/api/',
      '/dynamic/',
      '/old/',
    ]);
  });

  it('chooses locations as nginx does: exact, longest prefix, ^~ before regexes, first regex, else the prefix', () => {
    const chosen = (path: string) => {
      const location = chooseLocation(server.locations, path)?.location;
      return location === undefined ? undefined : `${location.modifier}${location.path}`;
    };
    expect(chosen('/health')).toBe('=/health');
    expect(chosen('/api/orders/1')).toBe('/api/orders/');
    expect(chosen('/api/stock/logo.png')).toBe('^~/api/stock');
    expect(chosen('/api/orders/logo.PNG')).toBe('~*\\.(png|jpe?g)$');
    expect(chosen('/api/users/42')).toBe('~^/api/users/(\\d+)$');
    expect(chosen('/api/users/me')).toBe('/api/');
    expect(chosen('/about')).toBe('/');
  });

  it('sends the path on as proxy_pass, rewrite ... break and rewrite ... last say', () => {
    expect(proxied('/api/orders/7/items')).toEqual({ host: 'orders_pool', path: '/7/items' });
    expect(proxied('/api/stock/sku-1')).toEqual({ host: 'stock', path: '/v2/sku-1' });
    expect(proxied('/api/users/42')).toEqual({ host: 'users', path: '/api/users/42' });
    expect(proxied('/api/carts')).toEqual({ host: 'legacy', path: '/api/carts' });
    // A server-level rewrite comes before the location search.
    expect(proxied('/v0/orders/1')).toEqual({ host: 'orders_pool', path: '/1' });
    expect(proxied('/v0/carts')).toEqual({ host: 'legacy', path: '/api/carts' });
    // `last` in a location starts the search again with the new path.
    expect(proxied('/old/carts')).toEqual({ host: 'legacy', path: '/api/carts' });
    expect(proxied('/about')).toBeUndefined();
    expect(proxied('/dynamic/x')).toBeUndefined();
  });

  it('bounds its work on hostile input and never runs a risky regular expression', () => {
    expect(parseNginxConfig(`${'location / { '.repeat(5000)}proxy_pass http://x;`).servers).toEqual([]);
    expect(parseNginxConfig('server { location /a { proxy_pass http://a; ').servers[0]?.locations[0]).toMatchObject({ path: '/a', proxyPass: 'http://a' });
    expect(parseNginxConfig('}}}; server { listen 80; }').servers).toEqual([]);
    expect(parseNginxConfig('"unterminated string server {').servers).toEqual([]);
    expect(safeRegExp('^(a+)+$', false)).toBeUndefined();
    expect(safeRegExp('(x|y)\\1', false)).toBeUndefined();
    expect(safeRegExp('^/api/(.*)$', false)).toBeInstanceOf(RegExp);
    expect(safeRegExp('(', false)).toBeUndefined();
  });
});

async function targets(files: Record<string, string>): Promise<string[]> {
  const result = await analyzeProject({ root: tempRepo(files) });
  return result.interactions
    .filter((interaction): interaction is HttpInteraction => interaction.kind === 'http')
    .map((i) => `${i.location.file}:${i.location.line} ${i.target ?? '?'} ${i.targetVia ?? ''}${i.route ? ` ${i.route.method} ${i.route.path}` : ''}${i.candidates ? ` [${i.candidates.join(', ')}]` : ''}`);
}

const ordersApp = "const app = require('express')();\napp.get('/orders/:id', (req, res) => res.end());\napp.listen(3000);\n";

describe('requests through an nginx of the repository', () => {
  it('an image-only nginx with a mounted configuration: by its host name, by the port it publishes, and from the app whose build it serves', async () => {
    expect(
      await targets({
        'docker-compose.yml': `services:
  gateway:
    image: nginx:1.27
    ports: ["8000:80"]
    volumes:
      - ./deploy/gateway.conf:/etc/nginx/conf.d/default.conf:ro
      - ./web/dist:/srv/www:ro
  orders:
    build: ./orders
  reports:
    build: ./reports
`,
        'deploy/gateway.conf': 'server {\n  listen 80;\n  root /srv/www;\n  location /api/orders/ { proxy_pass http://orders:3000/orders/; }\n  location / { try_files $uri /index.html; }\n}\n',
        'orders/package.json': '{ "name": "orders" }',
        'orders/index.js': ordersApp,
        'reports/package.json': '{ "name": "reports" }',
        'reports/index.js': "const axios = require('axios');\naxios.get('http://gateway/api/orders/1');\naxios.get('http://localhost:8000/api/orders/2');\naxios.get('http://localhost:8000/index.html');\n",
        'web/package.json': '{ "name": "web" }',
        'web/src/api.js': "export const order = (id) => fetch(`/api/orders/${id}`);\n",
      }),
    ).toEqual([
      'reports/index.js:2 orders proxy GET /orders/:id',
      'reports/index.js:3 orders proxy GET /orders/:id',
      // Not proxied: the page itself, from the nginx compose service (an image, so an external node).
      'reports/index.js:4 gateway published-port',
      'web/src/api.js:1 orders proxy GET /orders/:id',
    ]);
  });

  it("a dev server's proxy is a second reading of the app's relative URLs: both must reach one service", async () => {
    const files = (devTarget: string) => ({
      'docker-compose.yml': 'services:\n  web:\n    build: ./web\n    ports: ["80:80"]\n  orders:\n    build: ./orders\n    ports: ["3000:3000"]\n  legacy:\n    build: ./legacy\n    ports: ["3999:3000"]\n',
      'web/Dockerfile': 'FROM node:20 AS build\nWORKDIR /app\nCOPY . .\nRUN npm run build\nFROM nginx:alpine\nCOPY --from=build /app/build /usr/share/nginx/html\nCOPY nginx.conf /etc/nginx/conf.d/default.conf\n',
      'web/nginx.conf': 'server { listen 80; location /orders { proxy_pass http://orders:3000; } }\n',
      'web/package.json': JSON.stringify({ name: 'web', proxy: devTarget }),
      'web/src/api.js': "export const order = (id) => fetch(`/orders/${id}`);\n",
      'orders/package.json': '{ "name": "orders" }',
      'orders/index.js': ordersApp,
      'legacy/package.json': '{ "name": "legacy" }',
    });
    expect(await targets(files('http://localhost:3000'))).toEqual(['web/src/api.js:1 orders proxy GET /orders/:id']);
    expect(await targets(files('http://localhost:3999'))).toEqual(['web/src/api.js:1 ? none [legacy, orders]']);
  });
});
