// The HTML report and the SVG/PNG renderer in a real headless Chromium (its own tsconfig.json adds the DOM
// types that the code run in the page needs) (the system's: apt-get install
// chromium). Without one, these tests are skipped with a loud line, except in CI (CI=true), where they fail.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigRepoFiles } from '../../scripts/generate-big-repo.mjs';
import { analyzeProject } from '../../src/analyzer/analyze.js';
import { BROWSER_ARGS, IMAGE_WIDTH, renderImage } from '../../src/cli/render-image.js';
import { mermaidBrowserBundle } from '../../src/cli/report-context.js';
import { ruleDescriptions } from '../../src/reporters/rule-info.js';
import type { AnalysisResult } from '../../src/core/model/result.js';
import { renderHtml } from '../../src/reporters/html.js';
import { renderMermaid } from '../../src/reporters/mermaid.js';
import type { ReportOptions } from '../../src/reporters/reporter.js';
import { SHOP } from '../helpers/paths.js';
import { tempRepo } from '../helpers/temp-repo.js';

const BROWSER_PATH = process.env.PUPPETEER_EXECUTABLE_PATH ?? '/usr/bin/chromium';
const HAVE_BROWSER = fs.existsSync(BROWSER_PATH);
const IN_CI = process.env.CI === 'true';

if (!HAVE_BROWSER) {
  process.stderr.write(`\n*** SKIPPED: the browser tests of the HTML report and svg/png need Chromium at ${BROWSER_PATH} (apt-get install chromium, or PUPPETEER_EXECUTABLE_PATH) ***\n\n`);
}

describe.runIf(!HAVE_BROWSER && IN_CI)('browser tests in CI', () => {
  it('need a Chromium: .ci/run installs it', () => {
    throw new Error(`no browser at ${BROWSER_PATH}: .ci/run should have installed chromium`);
  });
});

describe.skipIf(!HAVE_BROWSER)('the HTML report in headless Chromium', () => {
  let browser: Browser;
  let shop: AnalysisResult;
  let big: AnalysisResult;
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'service-map-html-'));

  beforeAll(async () => {
    browser = await launch({ executablePath: BROWSER_PATH, headless: true, args: [...BROWSER_ARGS] });
    shop = await analyzeProject({ root: SHOP });
    big = await analyzeProject({ root: tempRepo(bigRepoFiles()) });
  });

  afterAll(async () => {
    await browser.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  interface OpenedReport {
    readonly page: Page;
    /** Requests the page made besides loading itself: must stay empty (no network). */
    readonly requests: string[];
    /** Content-Security-Policy violations and page errors. */
    readonly problems: string[];
  }

  /** Writes the report of `result` to a file and opens it at 1,600 px, waiting until the map is drawn. */
  async function openReport(result: AnalysisResult, name: string, options: ReportOptions = {}): Promise<OpenedReport> {
    const file = path.join(folder, `${name}.html`);
    fs.writeFileSync(file, renderHtml(result, { ...options, rules: ruleDescriptions(), mermaidScript: mermaidBrowserBundle() }).output);
    const page = await browser.newPage();
    await page.setViewport({ width: IMAGE_WIDTH, height: 1000 });
    const requests: string[] = [];
    const problems: string[] = [];
    const url = `file://${file}`;
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      if (request.url() !== url) requests.push(request.url());
      void request.continue();
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error instanceof Error ? error.message : String(error)}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    await page.evaluateOnNewDocument(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        document.documentElement.dataset.violations = `${document.documentElement.dataset.violations ?? ''}${event.violatedDirective} ${event.blockedURI};`;
      });
    });
    await page.goto(url);
    await page.waitForFunction(() => document.body.dataset.rendered !== undefined, { timeout: 50_000 });
    const violations = await page.evaluate(() => document.documentElement.dataset.violations ?? '');
    if (violations !== '') problems.push(`CSP: ${violations}`);
    return { page, requests, problems };
  }

  const drawnText = (page: Page): Promise<string> => page.evaluate(() => document.querySelector('#canvas svg')?.textContent ?? '');

  it('draws the shop with every service and topic name, loading nothing and breaking no policy', async () => {
    const { page, requests, problems } = await openReport(shop, 'shop');
    expect(await page.evaluate(() => document.body.dataset.rendered)).toBe('true');
    expect(requests).toEqual([]);
    expect(problems).toEqual([]);
    const text = await drawnText(page);
    const topics = new Set(shop.interactions.flatMap((interaction) => (interaction.kind !== 'http' && interaction.topic !== null ? [interaction.topic] : [])));
    expect(topics.size).toBe(6);
    for (const name of [...shop.services.map((service) => service.name), ...topics]) expect(text).toContain(name);
    // The findings and their rules are listed under the map.
    expect(await page.evaluate(() => document.querySelector('#findings')?.textContent ?? '')).toContain('require-partition-key');
    await page.close();
  });

  it('focuses a clicked service, dimming what is not its neighbour, and shows all again on a second click', async () => {
    const { page } = await openReport(shop, 'shop-focus');
    const click = (id: string): Promise<void> =>
      page.evaluate((nodeId) => {
        const node = [...document.querySelectorAll('#canvas g.node')].find((element) => element.id.endsWith(`flowchart-${nodeId}-${/\d+$/u.exec(element.id)?.[0] ?? ''}`));
        node?.dispatchEvent(new MouseEvent('click', { bubbles: true }));
      }, id);
    const dimmed = (id: string): Promise<boolean> =>
      page.evaluate((nodeId) => [...document.querySelectorAll('#canvas g.node')].some((element) => new RegExp(`flowchart-${nodeId}-\\d+$`, 'u').test(element.id) && element.classList.contains('dimmed')), id);
    await click('svc_notification');
    expect(await page.evaluate(() => document.body.dataset.focused)).toBe('svc_notification');
    // Its own topics, the services sending them, the one answering its request, its external host: kept.
    for (const id of ['svc_notification', 'topic_order_confirmed', 'svc_order_api', 'svc_shipping', 'svc_customer', 'ext_api_postmarkapp_com']) expect(await dimmed(id)).toBe(false);
    // Another consumer of order.confirmed, and a service it has nothing to do with: dimmed.
    for (const id of ['svc_loyalty', 'svc_payment', 'ext_api_stripe_com']) expect(await dimmed(id)).toBe(true);
    const dimmedEdges = await page.evaluate(() => document.querySelectorAll('#canvas path.dimmed').length);
    expect(dimmedEdges).toBeGreaterThan(5);
    await click('svc_notification');
    expect(await page.evaluate(() => document.body.dataset.focused)).toBeUndefined();
    expect(await page.evaluate(() => document.querySelectorAll('#canvas .dimmed').length)).toBe(0);
    await page.close();
  });

  it('zooms with its buttons and the wheel', async () => {
    const { page } = await openReport(shop, 'shop-zoom');
    const transform = (): Promise<string> => page.evaluate(() => document.getElementById('canvas')?.style.transform ?? '');
    const before = await transform();
    await page.click('#zoom-in');
    expect(await transform()).not.toBe(before);
    expect(await page.evaluate(() => document.getElementById('zoom-level')?.textContent)).toMatch(/^\d+%$/u);
    const viewport = await page.$('#viewport');
    const box = await viewport?.boundingBox();
    if (box === null || box === undefined) throw new Error('no viewport');
    await page.mouse.move(box.x + 100, box.y + 100);
    const beforeWheel = await transform();
    await page.mouse.wheel({ deltaY: 300 });
    await page.waitForFunction((previous) => document.getElementById('canvas')?.style.transform !== previous, {}, beforeWheel);
    await page.close();
  });

  it('draws the 7-service, 221-topic map readable at 1,600 px', async () => {
    const { page, problems } = await openReport(big, 'big');
    expect(problems).toEqual([]);
    expect(await page.evaluate(() => document.body.dataset.rendered)).toBe('true');
    const text = await drawnText(page);
    for (const service of big.services) expect(text).toContain(service.name);
    // What a reader sees once the page has fitted the map to its width: the drawing's size, the scale, the
    // size of a service's name on screen.
    const measured = await page.evaluate(() => {
      const svg = document.querySelector<SVGSVGElement>('#canvas svg')!;
      const label = document.querySelector('#canvas g.node .nodeLabel') ?? document.querySelector('#canvas g.node text');
      const fontSize = label === null ? 0 : Number.parseFloat(getComputedStyle(label).fontSize);
      const scale = Number(/scale\(([\d.]+)\)/u.exec(document.getElementById('canvas')?.style.transform ?? '')?.[1] ?? 0);
      return { width: svg.viewBox.baseVal.width, height: svg.viewBox.baseVal.height, fontSize, scale, viewportWidth: document.getElementById('viewport')?.clientWidth ?? 0 };
    });
    process.stdout.write(`big map at ${IMAGE_WIDTH} px: drawing ${Math.round(measured.width)} x ${Math.round(measured.height)}, shown at ${measured.scale.toFixed(2)} in ${measured.viewportWidth} px, text ${(measured.fontSize * measured.scale).toFixed(1)} px\n`);
    expect(measured.width).toBeLessThanOrEqual(measured.viewportWidth / 0.75);
    // Not a column, not a strip.
    expect(measured.height / measured.width).toBeLessThan(2.5);
    expect(measured.width / measured.height).toBeLessThan(4);
    // Names at 12 px or more on screen.
    expect(measured.fontSize * measured.scale).toBeGreaterThanOrEqual(12);
    await page.close();
  });

  it('also draws that map with each of its 221 topics when asked (--topics all)', async () => {
    const { page } = await openReport(big, 'big-all', { topics: 'all' });
    expect(await page.evaluate(() => document.body.dataset.rendered)).toBe('true');
    const text = await drawnText(page);
    const topics = new Set(big.interactions.flatMap((interaction) => (interaction.kind !== 'http' && interaction.topic !== null ? [interaction.topic] : [])));
    expect(topics.size).toBe(221);
    for (const topic of topics) expect(text).toContain(topic);
    await page.close();
  });

  it('renders SVG and PNG through mermaid-cli with the same browser', async () => {
    const map = renderMermaid(shop).output;
    const svg = Buffer.from(await renderImage(map, 'svg', BROWSER_PATH)).toString('utf8');
    expect(svg).toMatch(/^<svg[\s>]/u);
    for (const service of shop.services) expect(svg).toContain(service.name);
    const png = Buffer.from(await renderImage(renderMermaid(big).output, 'png', BROWSER_PATH));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    // Width from the PNG header: the map fitted into the 1,600 px viewport.
    expect(png.readUInt32BE(16)).toBeLessThanOrEqual(IMAGE_WIDTH);
  });
});
