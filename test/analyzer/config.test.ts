import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeProject } from '../../src/analyzer/analyze.js';
import { configJsonSchema } from '../../src/analyzer/config.js';
import { REPO_ROOT, UPDATE_GOLDEN } from '../helpers/paths.js';
import { tempRepo } from '../helpers/temp-repo.js';

const client = `
const BILLING = process.env.BILLING_URL;
export const invoice = (id: string) => fetch(\`\${BILLING}/invoices/\${id}\`, { method: 'PUT' });
export const legacy = () => fetch('https://erp.internal.example.com/api/v2/sync', { method: 'POST' });
`;

describe('the config file', () => {
  it('publishes its JSON Schema, generated from the validator', () => {
    const file = path.join(REPO_ROOT, 'schema/service-map.config.schema.json');
    const generated = `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
    if (UPDATE_GOLDEN) fs.writeFileSync(file, generated);
    expect(fs.readFileSync(file, 'utf8')).toBe(generated);
    expect(configJsonSchema()).toMatchObject({ type: 'object', additionalProperties: false });
  });

  it('can be an .mjs module, named with --config, whose default export is validated the same way', async () => {
    const root = tempRepo({
      'orders/package.json': '{ "name": "orders" }',
      'orders/src/billing.ts': client,
      'service-map.config.mjs': "export default { links: [{ env: 'BILLING_URL', service: 'billing' }], services: [{ name: 'billing', root: 'billing' }] };\n",
    });
    const configFile = path.join(root, 'service-map.config.mjs');
    const http = (await analyzeProject({ root, configFile })).interactions.filter((i) => i.kind === 'http');
    expect(http.map((i) => `${i.method} ${i.path} ${i.target}`)).toEqual(['PUT /invoices/{id} billing', 'POST /api/v2/sync erp.internal.example.com']);
    const broken = tempRepo({ 'c.mjs': 'export default { links: [{ env: 42 }] };\n' });
    await expect(analyzeProject({ root: broken, configFile: path.join(broken, 'c.mjs') })).rejects.toThrow(/c\.mjs: links\[0\]/);
    const throwing = tempRepo({ 'c.mjs': "throw new Error('boom');\n" });
    await expect(analyzeProject({ root: throwing, configFile: path.join(throwing, 'c.mjs') })).rejects.toThrow(/c\.mjs: cannot be loaded: boom$/);
  });

  it('is never run when it is JavaScript in the analysed folder: only named in a note', async () => {
    const root = tempRepo({
      'orders/package.json': '{ "name": "orders" }',
      'orders/src/billing.ts': client,
      'service-map.config.mjs': "import fs from 'node:fs';\nfs.writeFileSync(new URL('./RAN', import.meta.url), 'ran');\nexport default { links: [{ env: 'BILLING_URL', service: 'billing' }] };\n",
    });
    const result = await analyzeProject({ root });
    expect(fs.existsSync(path.join(root, 'RAN'))).toBe(false);
    expect(result.diagnostics).toEqual([
      { file: 'service-map.config.mjs', message: 'not loaded: a JavaScript config is code, run only when named with --config service-map.config.mjs' },
    ]);
    expect(result.interactions.flatMap((i) => (i.kind === 'http' ? [i.target] : []))).not.toContain('billing');
  });

  it('links hosts, environment variables and URL prefixes to services', async () => {
    const root = tempRepo({
      'orders/package.json': '{ "name": "orders" }',
      'orders/src/billing.ts': client,
      'erp-adapter/package.json': '{ "name": "erp-adapter" }',
      'service-map.config.json': JSON.stringify({
        links: [
          { env: 'BILLING_URL', service: 'billing' },
          { url: 'https://erp.internal.example.com/api', service: 'erp-adapter' },
        ],
      }),
    });
    const http = (await analyzeProject({ root })).interactions.filter((i) => i.kind === 'http');
    expect(http.map((i) => `${i.path} ${i.target} ${i.targetKind}`)).toEqual(['/invoices/{id} billing service', '/api/v2/sync erp-adapter service']);
  });

  it('gives a service environment variables the code reads', async () => {
    const root = tempRepo({
      'orders/package.json': '{ "name": "orders" }',
      'orders/src/billing.ts': client,
      'billing/package.json': '{ "name": "billing" }',
      'service-map.config.json': JSON.stringify({ services: [{ name: 'orders', root: 'orders', environment: { BILLING_URL: 'http://billing:8080' } }] }),
    });
    const [first] = (await analyzeProject({ root })).interactions;
    expect(first).toMatchObject({ kind: 'http', url: 'http://billing:8080/invoices/{id}', target: 'billing' });
  });

  it('reports a missing --config file as a usage error', async () => {
    await expect(analyzeProject({ root: tempRepo({}), configFile: '/no/such/config.json' })).rejects.toThrow('/no/such/config.json: no such config file');
  });
});

describe('configured wrappers', () => {
  const files = {
    'orders/package.json': '{ "name": "orders" }',
    'orders/src/checkout.ts': `
import { publishEvent } from '@acme/events-sdk';
import { EventBus } from './bus';

export class Checkout {
  constructor(private readonly eventBus: EventBus) {}

  async place(order: { id: string }) {
    await publishEvent('order.placed', order);
    await this.eventBus.publish({ topic: 'order.audit', key: order.id, payload: order });
    await this.eventBus.publish({ topic: 'order.metrics', payload: order });
    await legacyHttp('POST', 'http://billing:8080/invoices', order);
  }
}

declare function legacyHttp(method: string, url: string, body: unknown): Promise<unknown>;
`,
    'orders/src/bus.ts': 'export interface EventBus { publish(message: { topic: string; key?: string; payload: unknown }): Promise<void> }\n',
    'billing/package.json': '{ "name": "billing" }',
  };

  it('declares calls the analyzer cannot see into as interactions, with their values read from the arguments', async () => {
    const config = {
      wrappers: [
        { kind: 'produce', function: 'publishEvent', topic: '0' },
        { kind: 'produce', function: 'EventBus.publish', topic: '0.topic', key: '0.key' },
        { kind: 'http', function: 'legacyHttp', method: '0', url: '1' },
      ],
      rules: { 'no-orphan-topic': 'off' },
    };
    const result = await analyzeProject({ root: tempRepo({ ...files, 'service-map.config.json': JSON.stringify(config) }) });
    expect(result.interactions.map((i) => (i.kind === 'http' ? `${i.kind} ${i.method} ${i.target}` : i.kind === 'produce' ? `${i.kind} ${i.topic} key=${i.key} ${i.library}` : i.kind))).toEqual([
      'produce order.placed key=unknown wrapper publishEvent',
      'produce order.audit key=present wrapper EventBus.publish',
      'produce order.metrics key=absent wrapper EventBus.publish',
      'http POST billing',
    ]);
    expect(result.findings.map((f) => `${f.ruleId} ${f.location.line}`)).toEqual(['require-partition-key 11']);
    // Without the declarations, none of this is visible.
    expect((await analyzeProject({ root: tempRepo(files) })).interactions).toEqual([]);
  });

  it('rejects a declaration that names no argument', async () => {
    const config = { wrappers: [{ kind: 'produce', function: 'publishEvent', topic: 'first' }] };
    await expect(analyzeProject({ root: tempRepo({ 'service-map.config.json': JSON.stringify(config) }) })).rejects.toThrow(
      /^service-map\.config\.json: wrappers\[0\]\.topic: expected an argument index/,
    );
  });
});
