import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeProject } from '../../src/analyzer/analyze.js';
import type { AnalysisResult, Interaction } from '../../src/core/model/result.js';
import { renderJson } from '../../src/reporters/json.js';
import { renderMermaid } from '../../src/reporters/mermaid.js';
import { GOLDEN, SHOP, UPDATE_GOLDEN } from '../helpers/paths.js';

/**
 * The truth for the bundled example, copied from fixtures/shop/EXPECTED.md, which was written by reading the
 * example's code, not from this tool's output.
 */
const EXPECTED_SERVICES = [
  ['analytics', 'services/analytics'],
  ['customer', 'services/customer'],
  ['inventory', 'services/inventory'],
  ['notification', 'services/notification'],
  ['order-api', 'services/order-api'],
  ['payment', 'services/payment'],
  ['warehouse', 'services/warehouse'],
];
const EXPECTED_HTTP = [
  'services/order-api/src/clients/payment.ts:27 order-api POST /charges -> payment',
  'services/order-api/src/routes/orders.ts:84 order-api POST /reservations -> inventory',
  'services/payment/src/stripe.ts:49 payment POST /v1/charges -> api.stripe.com',
  'services/notification/src/mailer.service.ts:18 notification POST /email/withTemplate -> api.postmarkapp.com',
  // EXPECTED.md writes the path parameter `{sku}`; the tool writes the expression it could not know.
  'services/warehouse/src/inventory.client.ts:20 warehouse GET /stock/{encodeURIComponent(sku)} -> inventory',
];
const EXPECTED_PRODUCES = [
  'services/order-api/src/kafka.ts:20 order-api order.confirmed key=present',
  'services/order-api/src/kafka.ts:37 order-api notification.commands key=present',
  'services/inventory/src/stock-alerts.ts:14 inventory inventory.stock-low key=absent',
  'services/notification/src/notification.controller.ts:49 notification customer.get-profile key=absent reply',
];
const EXPECTED_CONSUMES = [
  'services/notification/src/notification.controller.ts:39 notification order.confirmed event',
  'services/notification/src/notification.controller.ts:68 notification notification.commands event',
  'services/customer/src/customer.controller.ts:11 customer customer.get-profile request',
  'services/analytics/src/main.ts:15 analytics order.confirmed event',
  'services/analytics/src/main.ts:15 analytics inventory.stock-low event',
  'services/warehouse/src/order-confirmed.consumer.ts:23 warehouse order.confirmed event',
];
/** Findings by rule at the line of the send they concern (EXPECTED.md), or of the field/message they name. */
const EXPECTED_FINDINGS = [
  'require-partition-key services/inventory/src/stock-alerts.ts:16',
  'require-partition-key services/notification/src/notification.controller.ts:49',
  'no-request-reply-over-kafka services/notification/src/notification.controller.ts:49',
  'no-commands-in-events services/order-api/src/kafka.ts:37',
  'no-commands-in-events services/order-api/src/kafka.ts:44',
  'no-commands-in-events services/order-api/src/kafka.ts:45',
];

const at = (i: Interaction) => `${i.location.file}:${i.location.line}`;
const sorted = (lines: string[]) => [...lines].sort();

describe('the bundled shop example', () => {
  let result: AnalysisResult;
  beforeAll(async () => {
    result = await analyzeProject({ root: SHOP });
  });

  it('finds every service and no library as a service', () => {
    expect(result.services.map((service) => [service.name, service.root])).toEqual(EXPECTED_SERVICES);
  });

  it('finds every HTTP call with its target, and nothing else', () => {
    const lines = result.interactions.filter((i) => i.kind === 'http').map((i) => `${at(i)} ${i.service} ${i.method} ${i.path} -> ${i.target}`);
    expect(sorted(lines)).toEqual(sorted(EXPECTED_HTTP));
  });

  it('resolves the warehouse base URL passed to a constructor through docker-compose', () => {
    const stock = result.interactions.find((i) => i.kind === 'http' && i.service === 'warehouse');
    expect(stock).toMatchObject({ url: 'http://inventory:3000/stock/{encodeURIComponent(sku)}', path: '/stock/{encodeURIComponent(sku)}', targetKind: 'service' });
  });

  it('finds every produce with its topic and key, and nothing else', () => {
    const lines = result.interactions
      .filter((i) => i.kind === 'produce')
      .map((i) => `${at(i)} ${i.service} ${i.topic} key=${i.key}${i.expectsReply ? ' reply' : ''}`);
    expect(sorted(lines)).toEqual(sorted(EXPECTED_PRODUCES));
  });

  it('finds every consume, one per topic of a multi-topic subscription, and nothing else', () => {
    const lines = result.interactions.filter((i) => i.kind === 'consume').map((i) => `${at(i)} ${i.service} ${i.topic} ${i.role}`);
    expect(sorted(lines)).toEqual(sorted(EXPECTED_CONSUMES));
  });

  it('reports each anti-pattern of the example where it is, and no other', () => {
    const lines = result.findings.map((finding) => `${finding.ruleId} ${finding.location.file}:${finding.location.line}`);
    expect(sorted(lines)).toEqual(sorted(EXPECTED_FINDINGS));
    expect(result.findings.every((finding) => finding.interactionId !== undefined)).toBe(true);
  });

  it('has no unresolved value and no note on its input', () => {
    expect(result.summary.unresolved).toEqual({ topics: 0, targets: 0 });
    expect(result.diagnostics).toEqual([]);
  });

  it('matches the golden JSON and Mermaid output', () => {
    const json = renderJson(result).output;
    const diagram = renderMermaid(result).output;
    const jsonFile = path.join(GOLDEN, 'shop.json');
    const diagramFile = path.join(GOLDEN, 'shop.mmd');
    if (UPDATE_GOLDEN) {
      fs.writeFileSync(jsonFile, json);
      fs.writeFileSync(diagramFile, diagram);
    }
    expect(json).toBe(fs.readFileSync(jsonFile, 'utf8'));
    expect(diagram).toBe(fs.readFileSync(diagramFile, 'utf8'));
  });

  it('gives the same bytes on a fresh copy with no node_modules above it, whatever order its files were written in', async () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'service-map-shop-'));
    try {
      // Copy files in reverse order so directory entries are created differently from the original.
      const files = fs.readdirSync(SHOP, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
      for (const entry of files.reverse()) {
        const source = path.join(entry.parentPath, entry.name);
        const target = path.join(copy, path.relative(SHOP, source));
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.copyFileSync(source, target);
      }
      const fresh = await analyzeProject({ root: copy });
      expect(renderJson(fresh).output).toBe(renderJson(result).output);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});
