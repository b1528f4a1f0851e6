import { Worker } from 'node:worker_threads';

/**
 * A progress line on the terminal for runs longer than a moment. The analysis is long synchronous work, so
 * a timer on the main thread would never fire during it: a small worker thread draws the line with
 * synchronous writes to the terminal's descriptor, and clears it when told to stop.
 */
export interface Progress {
  /** Clears the line; resolves once nothing more will be drawn. */
  stop(): Promise<void>;
}

export interface ProgressOptions {
  /** Where to draw (the terminal's stderr). */
  readonly fd: number;
  readonly label: string;
  /** Nothing is drawn for runs shorter than this. */
  readonly delayMs?: number;
  readonly intervalMs?: number;
}

// Runs in the worker; plain JavaScript, since it is evaluated as it is.
const DRAW = `
const { workerData, parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const { fd, label, delayMs, intervalMs } = workerData;
const started = Date.now();
let drawn = false;
let timer;
const draw = () => {
  drawn = true;
  try { fs.writeSync(fd, '\\r\\u001b[2K' + label + ' ' + Math.round((Date.now() - started) / 1000) + ' s'); } catch {}
};
const first = setTimeout(() => { draw(); timer = setInterval(draw, intervalMs); }, delayMs);
parentPort.once('message', () => {
  clearTimeout(first);
  clearInterval(timer);
  if (drawn) { try { fs.writeSync(fd, '\\r\\u001b[2K'); } catch {} }
  parentPort.close();
});
`;

export function startProgress({ fd, label, delayMs = 2000, intervalMs = 1000 }: ProgressOptions): Progress {
  // Not unref'd: while `stop()` waits for the worker to clear its line, the worker is all that keeps the
  // process alive (an unref'd one let Node end the run there, report unwritten, with exit code 13).
  const worker = new Worker(DRAW, { eval: true, workerData: { fd, label, delayMs, intervalMs }, stdout: true, stderr: true });
  const exited = new Promise<void>((resolve) => {
    worker.once('exit', () => {
      resolve();
    });
    worker.once('error', () => {
      resolve();
    });
  });
  return {
    async stop() {
      worker.postMessage('stop');
      await exited;
    },
  };
}
