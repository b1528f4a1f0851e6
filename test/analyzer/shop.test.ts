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
  ['loyalty', 'services/loyalty'],
  ['notification', 'services/notification'],
  ['order-api', 'services/order-api'],
  ['payment', 'services/payment'],
  ['shipping', 'services/shipping'],
  ['warehouse', 'services/warehouse'],
];
/** `file:line service METHOD path -> target [route] (via file:line)`; EXPECTED.md writes `{sku}` where the tool writes the expression. */
const EXPECTED_HTTP = [
  'services/order-api/src/clients/payment.ts:27 order-api POST /charges -> payment [POST /charges]',
  'services/order-api/src/routes/orders.ts:84 order-api POST /reservations -> inventory [POST /reservations]',
  'services/payment/src/stripe.ts:49 payment POST /v1/charges -> api.stripe.com',
  'services/notification/src/mailer.service.ts:18 notification POST /email/withTemplate -> api.postmarkapp.com',
  'services/warehouse/src/inventory.client.ts:20 warehouse GET /stock/{encodeURIComponent(sku)} -> inventory [GET /stock/:sku]',
  'services/shipping/src/shipments/delivery-estimates.ts:29 shipping GET /stock/{sku} -> inventory [GET /stock/:sku] via services/shipping/src/clients/http-client.ts:23',
  'services/shipping/src/shipments/shipments.ts:65 shipping POST /reservations/{reservationId}/fulfil -> inventory [POST /reservations/:reservationId/fulfil] via services/shipping/src/clients/http-client.ts:23',
  'services/loyalty/src/payment.client.ts:25 loyalty GET /charges/{encodeURIComponent(id)} -> payment [GET /charges/:id]',
  'services/payment/src/stripe.ts:68 payment GET /v1/charges/{encodeURIComponent(id)} -> api.stripe.com',
];
const EXPECTED_PRODUCES = [
  'services/order-api/src/kafka.ts:20 order-api order.confirmed key=present',
  'services/order-api/src/kafka.ts:37 order-api notification.commands key=present',
  'services/inventory/src/stock-alerts.ts:14 inventory inventory.stock-low key=absent',
  'services/notification/src/notification.controller.ts:49 notification customer.get-profile key=absent reply',
  'services/shipping/src/shipments/shipments.ts:83 shipping shipment.dispatched key=present via services/shipping/src/messaging/message-broker.ts:30',
  'services/loyalty/src/points.service.ts:44 loyalty loyalty.points-awarded key=present',
  'services/notification/src/notification.controller.ts:87 notification customer.get-profile key=absent reply',
];
const EXPECTED_CONSUMES = [
  'services/notification/src/notification.controller.ts:39 notification order.confirmed event',
  'services/notification/src/notification.controller.ts:68 notification notification.commands event',
  'services/customer/src/customer.controller.ts:11 customer customer.get-profile request',
  'services/analytics/src/main.ts:15 analytics order.confirmed event',
  'services/analytics/src/main.ts:15 analytics inventory.stock-low event',
  'services/warehouse/src/order-confirmed.consumer.ts:23 warehouse order.confirmed event',
  'services/notification/src/notification.controller.ts:77 notification shipment.dispatched event',
  'services/shipping/src/consumers/order-confirmed.consumer.ts:7 shipping order.confirmed event via services/shipping/src/messaging/kafka-consumer.ts:18',
  'services/shipping/src/consumers/stock-low.consumer.ts:6 shipping inventory.stock-low event via services/shipping/src/messaging/kafka-consumer.ts:18',
  'services/shipping/src/consumers/audit-trail.consumer.ts:15 shipping order.confirmed event',
  'services/shipping/src/consumers/audit-trail.consumer.ts:15 shipping shipment.dispatched event',
  'services/loyalty/src/order-events.controller.ts:10 loyalty order.confirmed event',
];
/** Every route of EXPECTED.md (R1-R14): `service METHOD path file:line`. */
const EXPECTED_ROUTES = [
  'order-api GET /healthz services/order-api/src/main.ts:27',
  'order-api POST /orders services/order-api/src/routes/orders.ts:28',
  'payment GET /healthz services/payment/src/server.ts:8',
  'payment POST /charges services/payment/src/charges.ts:26',
  'payment GET /charges/:id services/payment/src/charges.ts:59',
  'inventory GET /healthz services/inventory/src/main.ts:17',
  'inventory POST /reservations services/inventory/src/routes.ts:12',
  'inventory GET /stock/:sku services/inventory/src/routes.ts:37',
  'inventory POST /reservations/:reservationId/fulfil services/inventory/src/routes.ts:54',
  'shipping GET /healthz services/shipping/src/main.ts:30',
  'shipping GET /shipments/:id services/shipping/src/routes/shipments.ts:8',
  'shipping POST /shipments/:id/dispatch services/shipping/src/routes/shipments.ts:18',
  'shipping GET /delivery-estimates/:sku services/shipping/src/routes/shipments.ts:36',
  'loyalty GET /loyalty/customers/:id/points services/loyalty/src/points.controller.ts:8',
];
/**
 * Findings by rule at the line of the send they concern (EXPECTED.md), or of the field/message they name;
 * and the project finding of EXPECTED.md's "expected project findings".
 */
const EXPECTED_FINDINGS = [
  'require-partition-key services/inventory/src/stock-alerts.ts:16',
  'require-partition-key services/notification/src/notification.controller.ts:49',
  'no-request-reply-over-kafka services/notification/src/notification.controller.ts:49',
  'require-partition-key services/notification/src/notification.controller.ts:87',
  'no-request-reply-over-kafka services/notification/src/notification.controller.ts:87',
  'no-commands-in-events services/order-api/src/kafka.ts:37',
  'no-commands-in-events services/order-api/src/kafka.ts:44',
  'no-commands-in-events services/order-api/src/kafka.ts:45',
  'no-orphan-topic services/loyalty/src/points.service.ts:44',
];

const at = (i: Interaction) => `${i.location.file}:${i.location.line}`;
const via = (i: Interaction) => (i.via ? ` via ${i.via.file}:${i.via.line}` : '');
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
    const lines = result.interactions
      .filter((i) => i.kind === 'http')
      .map((i) => `${at(i)} ${i.service} ${i.method} ${i.path} -> ${i.target}${i.route ? ` [${i.route.method} ${i.route.path}]` : ''}${via(i)}`);
    expect(sorted(lines)).toEqual(sorted(EXPECTED_HTTP));
  });

  it('resolves the warehouse base URL passed to a constructor through docker-compose', () => {
    const stock = result.interactions.find((i) => i.kind === 'http' && i.service === 'warehouse');
    expect(stock).toMatchObject({ url: 'http://inventory:3000/stock/{encodeURIComponent(sku)}', path: '/stock/{encodeURIComponent(sku)}', targetKind: 'service' });
  });

  it('finds every produce with its topic and key, and nothing else', () => {
    const lines = result.interactions
      .filter((i) => i.kind === 'produce')
      .map((i) => `${at(i)} ${i.service} ${i.topic} key=${i.key}${i.expectsReply ? ' reply' : ''}${via(i)}`);
    expect(sorted(lines)).toEqual(sorted(EXPECTED_PRODUCES));
  });

  it('finds every consume, one per topic of a multi-topic subscription, and nothing else', () => {
    const lines = result.interactions.filter((i) => i.kind === 'consume').map((i) => `${at(i)} ${i.service} ${i.topic} ${i.role}${via(i)}`);
    expect(sorted(lines)).toEqual(sorted(EXPECTED_CONSUMES));
  });

  it('finds every route of every service with its full path', () => {
    const lines = result.routes.map((route) => `${route.service} ${route.method} ${route.path} ${route.location.file}:${route.location.line}`);
    expect(sorted(lines)).toEqual(sorted(EXPECTED_ROUTES));
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
