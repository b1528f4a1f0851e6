/**
 * The CLI as a user runs it: `bin/service-map.js` over the built `dist/` (`npm ci` builds it through
 * `prepare`; after editing src, `npm run build` before these tests).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GOLDEN, REPO_ROOT, SHOP } from './helpers/paths.js';
import { tempRepo } from './helpers/temp-repo.js';

const BIN = path.join(REPO_ROOT, 'bin/service-map.js');
const hasScript = spawnSync('script', ['--version']).status === 0;

describe('bin/service-map.js', () => {
  it('prints the package version', () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    const { status, stdout } = spawnSync(process.execPath, [BIN, '--version'], { encoding: 'utf8' });
    expect(status).toBe(0);
    expect(stdout).toBe(`${version}\n`);
  });

  it.runIf(hasScript)('on a terminal, draws its progress on stderr, clears it and still writes its report and exit code', () => {
    const root = tempRepo({ 'src/a.ts': "import { Kafka } from 'kafkajs';\nexport const p = new Kafka({ brokers: [] }).producer();\n" });
    const out = path.join(root, 'map.mmd');
    const log = path.join(root, 'terminal.log');
    // util-linux `script` runs the command on a pseudo-terminal and records what the terminal shows.
    const command = `${process.execPath} ${BIN} analyze ${root} --out ${out}`;
    const { status } = spawnSync('script', ['-qec', command, log], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(status).toBe(0);
    expect(fs.readFileSync(log, 'utf8')).toMatch(/1 service, 0 HTTP calls/);
    expect(fs.readFileSync(out, 'utf8')).toMatch(/^%% service-map/);
  });

  it('stopped by SIGTERM, leaves the previous --out file or the whole new one, never a part', async () => {
    const root = tempRepo({ 'map.mmd': 'the old map\n' });
    const out = path.join(root, 'map.mmd');
    const child = spawn(process.execPath, [BIN, 'analyze', SHOP, '--out', out, '-q'], { stdio: 'ignore' });
    // Listened for from the start: on a fast machine the run can end before the signal is sent.
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    child.kill('SIGTERM');
    await exited;
    const left = fs.readFileSync(out, 'utf8');
    const whole = fs.readFileSync(path.join(GOLDEN, 'shop.mmd'), 'utf8');
    expect(left === 'the old map\n' || left === whole).toBe(true);
    expect(fs.readdirSync(root)).toEqual(['map.mmd']);
  });
});
