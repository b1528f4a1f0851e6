import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { UsageError } from './errors.js';
import { decodeText, MAX_PROJECT_FILE_BYTES, type ProjectFiles } from './files.js';

/*
 * Reading the config file: JSON is data and is read like any file of the folder; a JavaScript config is
 * code, and is run only when the user names it with `--config` (their own, trusted, as ESLint trusts
 * eslint.config.js). It runs in a worker thread so that a config that never finishes (a loop, a top-level
 * await that never settles) costs a clear exit-2 message after `CONFIG_TIME_LIMIT_MS`, not a hung job.
 * The worker is a time limit, not a sandbox: the code runs with the user's rights.
 */

/** How long a JavaScript config may take to produce its default export. */
export const CONFIG_TIME_LIMIT_MS = 10_000;

const JS_CONFIG = /\.(?:mjs|cjs|js)$/;

/** The config's raw value (before validation); `undefined` when the folder has none and none was named. */
export async function readConfigFile(files: ProjectFiles, file: string, shown: string, explicit: boolean): Promise<unknown> {
  if (!explicit) {
    const outcome = files.read(file);
    if (!outcome.ok && outcome.refusal === 'missing') return undefined;
    if (!outcome.ok) throw new UsageError(`${shown}: ${outcome.reason}`);
    return parseJson(outcome.text, shown);
  }
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' || code === 'ENOTDIR' ? `${shown}: no such config file` : `${shown}: cannot read the config file: ${code ?? String(error)}`);
  }
  if (!stat.isFile()) throw new UsageError(`${shown}: not a file`);
  if (JS_CONFIG.test(file)) return runConfigModule(file, shown, timeLimit());
  if (stat.size > MAX_PROJECT_FILE_BYTES) throw new UsageError(`${shown}: larger than 1 MiB, not read`);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    throw new UsageError(`${shown}: cannot read the config file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return parseJson(decodeText(bytes), shown);
}

function parseJson(text: string, shown: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${shown}: not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** `SERVICE_MAP_CONFIG_TIMEOUT_MS` lowers or raises the limit (slow machines, tests). */
function timeLimit(): number {
  const fromEnv = Number(process.env.SERVICE_MAP_CONFIG_TIMEOUT_MS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : CONFIG_TIME_LIMIT_MS;
}

// Runs in the worker; plain JavaScript, evaluated as it is.
const LOAD = `
const { workerData, parentPort } = require('node:worker_threads');
const firstLine = (error) => String(error instanceof Error ? error.message : error).split('\\n')[0];
import(workerData.url).then(
  (module) => {
    if (module.default === undefined) return parentPort.postMessage({ kind: 'error', message: 'has no default export' });
    try {
      parentPort.postMessage({ kind: 'config', value: module.default });
    } catch (error) {
      parentPort.postMessage({ kind: 'error', message: 'its default export is not plain data: ' + firstLine(error) });
    }
  },
  (error) => parentPort.postMessage({ kind: 'error', message: 'cannot be loaded: ' + firstLine(error) }),
);
`;

type WorkerAnswer = { kind: 'config'; value: unknown } | { kind: 'error'; message: string };

/** Imports a JavaScript config in a worker and returns its default export, or fails with exit 2. */
export function runConfigModule(file: string, shown: string, limitMs: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOAD, {
      eval: true,
      workerData: { url: pathToFileURL(file).href },
      // A config that allocates without end fails on its own, not by taking the machine.
      resourceLimits: { maxOldGenerationSizeMb: 512 },
      // What the config prints goes to stderr: stdout carries the map or the JSON.
      stdout: true,
      stderr: true,
    });
    worker.stdout.pipe(process.stderr);
    worker.stderr.pipe(process.stderr);
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // Whatever the module left running (timers, sockets) ends with it.
      void worker.terminate();
      outcome();
    };
    const fail = (message: string) => {
      finish(() => {
        reject(new UsageError(`${shown}: ${message}`));
      });
    };
    const timer = setTimeout(() => {
      fail(`did not finish loading within ${limitMs / 1000} s (an endless loop, or a top-level await that never settles?)`);
    }, limitMs);
    worker.once('message', (answer: WorkerAnswer) => {
      if (answer.kind === 'config') finish(() => {
        resolve(answer.value);
      });
      else fail(answer.message);
    });
    worker.once('error', (error) => {
      fail(`failed while loading: ${error.message.split('\n')[0] ?? ''}`);
    });
    worker.once('exit', (code) => {
      // Exiting before answering: `process.exit()` in the config, or an await that nothing will ever settle.
      fail(code === 0 ? 'finished without a default export (a top-level await that never settles?)' : `exited with code ${code} while loading`);
    });
  });
}
