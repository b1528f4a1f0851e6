/**
 * Issue 7, read nothing outside and run nothing: each case of the issue, on the two-service folder with a
 * secret beside it. Every case ends as bad input does (exit 0 or 1, valid JSON, a note naming the file),
 * and the secret appears in no output.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { analyzeHostile, checkedAnalysis, compose, hostileRepo, PRODUCER, SECRET, spawnCli } from './hostile-repo.js';
import { run } from '../helpers/run-cli.js';

/** The api's call: resolved to a URL only if `API_URL` was read from somewhere. */
const apiCall = (analysis: Awaited<ReturnType<typeof analyzeHostile>>) => analysis.json.interactions.find((interaction) => interaction.location.file === 'api/src/call.ts');

describe('files outside the analysed folder are never read', () => {
  it('a compose env_file of /proc/self/environ: a note, and not one variable of the CI environment in the output', () => {
    const { root } = hostileRepo({ 'docker-compose.yml': compose('    env_file: [/proc/self/environ]') });
    // The job's environment, secret first: read as a .env file, its first "line" would become API_URL.
    const result = spawnCli(['analyze', root, '--format', 'json'], { env: { API_URL: `http://${SECRET}.example`, ...process.env, CI_TOKEN: SECRET } });
    const analysis = checkedAnalysis(result);
    expect(analysis.notes).toEqual(['docker-compose.yml: env_file /proc/self/environ: outside the analysed folder, not read']);
    expect(apiCall(analysis)?.url).toBeNull();
  });

  it('a compose env_file ../outside/secret.env: a note naming the compose file', async () => {
    const { root } = hostileRepo({ 'docker-compose.yml': compose('    env_file: [../outside/secret.env]') });
    const analysis = await analyzeHostile(root);
    expect(analysis.notes).toEqual(['docker-compose.yml: env_file ../outside/secret.env: outside the analysed folder, not read']);
  });

  it.each([
    ['a secret file outside', (outside: string) => path.join(outside, 'secret.env')],
    ['/proc/self/environ', () => '/proc/self/environ'],
    ['/dev/zero (which never ends)', () => '/dev/zero'],
  ])('a .env that is a link to %s: a note on the link, nothing read', async (_, target) => {
    const { root } = hostileRepo({ 'docker-compose.yml': compose() }, ({ root: repo, outside }) => {
      fs.symlinkSync(target(outside), path.join(repo, 'api/.env'));
      fs.symlinkSync(target(outside), path.join(repo, '.env'));
    });
    const analysis = await analyzeHostile(root);
    expect(analysis.notes).toEqual(['.env: a link to outside the analysed folder, not read', 'api/.env: a link to outside the analysed folder, not read']);
    expect(apiCall(analysis)?.url).toBeNull();
  });

  it('a .env that is a named pipe inside the folder: not a regular file, never opened (opening would block)', async () => {
    const { root } = hostileRepo({}, ({ root: repo }) => {
      expect(spawnSync('mkfifo', [path.join(repo, 'api/.env')]).status).toBe(0);
    });
    const analysis = await analyzeHostile(root);
    expect(analysis.notes).toEqual(['api/.env: not a regular file, not read']);
  });

  it('a tsconfig extends outside the folder: a note, and its paths lead nowhere', async () => {
    const { root } = hostileRepo({
      'orders/tsconfig.json': JSON.stringify({ extends: '../../outside/tsconfig.base.json' }),
      'orders/src/leak.ts': PRODUCER.replace("'order.created'", 'TOPIC').replace("import { Kafka } from 'kafkajs';", "import { Kafka } from 'kafkajs';\nimport { TOPIC } from '@outside/topic';"),
    });
    const analysis = await analyzeHostile(root);
    expect(analysis.notes).toEqual(['orders/tsconfig.json: extends ../../outside/tsconfig.base.json: outside the analysed folder, not read']);
    expect(analysis.json.interactions.find((interaction) => interaction.location.file === 'orders/src/leak.ts')?.topic).toBeNull();
  });

  it('an import of a file outside the folder: a note naming the importing file, the value unresolved', async () => {
    const { root } = hostileRepo({
      'orders/src/leak.ts': PRODUCER.replace("'order.created'", 'TOPIC').replace("import { Kafka } from 'kafkajs';", "import { Kafka } from 'kafkajs';\nimport { TOPIC } from '../../../outside/topic';"),
    });
    const analysis = await analyzeHostile(root);
    expect(analysis.notes).toEqual(["orders/src/leak.ts: import '../../../outside/topic': outside the analysed folder, not read"]);
    expect(analysis.json.interactions.find((interaction) => interaction.location.file === 'orders/src/leak.ts')?.topic).toBeNull();
  });

  it('a source file or folder that is a link to outside the folder is not followed', async () => {
    const { root } = hostileRepo({}, ({ root: repo, outside }) => {
      fs.symlinkSync(path.join(outside, 'topic.ts'), path.join(repo, 'orders/src/topic.ts'));
      fs.symlinkSync(outside, path.join(repo, 'orders/src/linked'));
    });
    const analysis = await analyzeHostile(root);
    expect(analysis.json.interactions.map((interaction) => interaction.location.file)).toEqual(['api/src/call.ts', 'orders/src/producer.ts']);
    expect(analysis.run.stdout).not.toContain('topic.ts');
  });

  it('--root-dir widens what may be read to a folder holding the analysed one, and no further', async () => {
    const { root, outside } = hostileRepo({ 'docker-compose.yml': compose('    env_file: [../outside/secret.env]') });
    const parent = path.dirname(root);
    const widened = await run(['analyze', root, '--format', 'json', '--root-dir', parent]);
    expect(widened.stdout).toContain(`http://${SECRET}.example/x`);
    const refused = await run(['analyze', root, '--root-dir', outside]);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toBe(`service-map: --root-dir ${outside} does not hold ${root}\n`);
  });
});

describe('no code from the analysed folder runs', () => {
  it.each(['service-map.config.mjs', 'service-map.config.js'])('a %s in the folder is not imported: a note says how to run it', async (name) => {
    const { root } = hostileRepo({ [name]: "import fs from 'node:fs';\nfs.writeFileSync(new URL('./RAN', import.meta.url), 'ran');\nexport default {};\n" });
    const analysis = await analyzeHostile(root);
    expect(fs.existsSync(path.join(root, 'RAN'))).toBe(false);
    expect(analysis.notes).toEqual([`${name}: not loaded: a JavaScript config is code, run only when named with --config ${name}`]);
  });

  describe('a JavaScript config named with --config (trusted code) that misbehaves is exit 2 with one line', () => {
    const cases: [string, string, RegExp][] = [
      ['throws', "throw new Error('boom');\n", /^service-map: .*c\.mjs: cannot be loaded: boom\n$/],
      ['loops for ever', 'while (true) {}\nexport default {};\n', /^service-map: .*c\.mjs: did not finish loading within 1\.5 s \(an endless loop, or a top-level await that never settles\?\)\n$/],
      ['awaits what never settles', 'await new Promise(() => {});\nexport default {};\n', /^service-map: .*c\.mjs: finished without a default export \(a top-level await that never settles\?\)\n$/],
      ['exports a function', 'export default () => ({});\n', /^service-map: .*c\.mjs: its default export is not plain data: .*\n$/],
      ['calls process.exit', 'process.exit(7);\n', /^service-map: .*c\.mjs: exited with code 7 while loading\n$/],
    ];
    it.each(cases)('one that %s', async (_, code, message) => {
      const { root } = hostileRepo({ 'c.mjs': code });
      const saved = process.env.SERVICE_MAP_CONFIG_TIMEOUT_MS;
      process.env.SERVICE_MAP_CONFIG_TIMEOUT_MS = '1500';
      try {
        const result = await run(['analyze', root, '--config', path.join(root, 'c.mjs')]);
        expect(result.exitCode).toBe(2);
        expect(result.stderr).toMatch(message);
      } finally {
        if (saved === undefined) delete process.env.SERVICE_MAP_CONFIG_TIMEOUT_MS;
        else process.env.SERVICE_MAP_CONFIG_TIMEOUT_MS = saved;
      }
    });
  });
});
