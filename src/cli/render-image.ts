import fs from 'node:fs';
import { UsageError } from '../analyzer/errors.js';

/**
 * SVG and PNG of a Mermaid map, drawn by @mermaid-js/mermaid-cli in a headless Chromium. Not a reporter:
 * reporters are pure, and this needs a browser. Both packages are optional peer dependencies (puppeteer
 * would download a browser at install otherwise) and are loaded only here, only when asked for; the browser
 * is the system's Chromium, never one downloaded.
 */

export type ImageFormat = 'svg' | 'png';

export interface ImageOptions {
  /** A Chromium or Chrome executable; default `PUPPETEER_EXECUTABLE_PATH`, then the usual system paths. */
  readonly browser?: string;
}

/** The viewport a map is drawn in: a PNG is what a reader sees at this width (wider maps are scaled to fit). */
export const IMAGE_WIDTH = 1600;

const SYSTEM_BROWSERS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/**
 * Flags for a headless Chromium as root in a container with no network: `--no-sandbox` is required as root,
 * the rest stop the background connections a closed network refuses (TOOLCHAIN.md).
 */
export const BROWSER_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
] as const;

/** The browser to use, or a usage error naming what to install; checked before the analysis starts. */
export function findBrowser(options: ImageOptions, candidates: readonly string[] = SYSTEM_BROWSERS): string {
  const asked = options.browser ?? process.env.PUPPETEER_EXECUTABLE_PATH;
  if (asked !== undefined && asked !== '') {
    if (!fs.existsSync(asked)) throw new UsageError(`svg/png: no browser at ${asked} (--browser or PUPPETEER_EXECUTABLE_PATH); install one with \`apt-get install chromium\``);
    return asked;
  }
  const found = candidates.find((candidate) => fs.existsSync(candidate));
  if (found === undefined) throw new UsageError('svg/png need a Chromium and none was found: install it with `apt-get install chromium`, or give its path with --browser PATH');
  return found;
}

type MermaidCli = typeof import('@mermaid-js/mermaid-cli');
type Puppeteer = Pick<typeof import('puppeteer'), 'launch'>;

/** The renderer's packages, or a usage error saying how to install them. */
export async function loadRenderer(): Promise<{ mermaidCli: MermaidCli; puppeteer: Puppeteer }> {
  try {
    const [mermaidCli, puppeteer] = await Promise.all([import('@mermaid-js/mermaid-cli'), import('puppeteer')]);
    return { mermaidCli, puppeteer };
  } catch (error) {
    const missing = error instanceof Error && /Cannot find (package|module)/u.test(error.message);
    if (!missing) throw error;
    throw new UsageError(
      'svg/png need @mermaid-js/mermaid-cli and puppeteer, which are not installed: PUPPETEER_SKIP_DOWNLOAD=1 npm i -D @mermaid-js/mermaid-cli@11.17.0 puppeteer@24.43.1',
    );
  }
}

/** Draws `mermaidText` as SVG or PNG bytes in the browser at `browserPath`. */
export async function renderImage(mermaidText: string, format: ImageFormat, browserPath: string): Promise<Uint8Array> {
  const { mermaidCli, puppeteer } = await loadRenderer();
  let browser: Awaited<ReturnType<Puppeteer['launch']>>;
  try {
    browser = await puppeteer.launch({ executablePath: browserPath, headless: true, args: [...BROWSER_ARGS] });
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    throw new UsageError(`svg/png: could not start the browser at ${browserPath} (${reason}); install one with \`apt-get install chromium\` or give another with --browser PATH`);
  }
  // mermaid-cli copies the page's console to console.warn; the CLI's stderr is for our own messages.
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    const { data } = await mermaidCli.renderMermaid(browser, mermaidText, format, {
      viewport: { width: IMAGE_WIDTH, height: 1000, deviceScaleFactor: 1 },
      backgroundColor: 'white',
    });
    return data;
  } finally {
    console.warn = warn;
    await browser.close();
  }
}
