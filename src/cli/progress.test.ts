import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { startProgress } from './progress.js';

it('draws while the main thread is busy with synchronous work, and clears the line when stopped', async () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'service-map-progress-'));
  const file = path.join(folder, 'tty');
  const fd = fs.openSync(file, 'w+');
  try {
    const progress = startProgress({ fd, label: 'service-map: analysing shop…', delayMs: 0, intervalMs: 10 });
    // Block the event loop, as the analysis does, until the worker has drawn (or a generous limit passes).
    const limit = Date.now() + 30_000;
    while (fs.fstatSync(fd).size === 0 && Date.now() < limit) {
      // busy: no timer of this thread can fire here
    }
    await progress.stop();
    const drawn = fs.readFileSync(file, 'utf8');
    const clearLine = '\r\u001b[2K';
    expect(drawn.startsWith(`${clearLine}service-map: analysing shop… `)).toBe(true);
    expect(drawn.split(clearLine)[1]).toMatch(/… \d+ s$/);
    expect(drawn.endsWith('\r\u001b[2K')).toBe(true);
    // Stopped means stopped: nothing is drawn afterwards.
    const size = fs.fstatSync(fd).size;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fs.fstatSync(fd).size).toBe(size);
  } finally {
    fs.closeSync(fd);
    fs.rmSync(folder, { recursive: true, force: true });
  }
});

it('draws nothing for a run shorter than the delay', async () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'service-map-progress-'));
  const file = path.join(folder, 'tty');
  const fd = fs.openSync(file, 'w+');
  try {
    await startProgress({ fd, label: 'x', delayMs: 60_000 }).stop();
    expect(fs.readFileSync(file, 'utf8')).toBe('');
  } finally {
    fs.closeSync(fd);
    fs.rmSync(folder, { recursive: true, force: true });
  }
});
