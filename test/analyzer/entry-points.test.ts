import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeProject } from '../../src/analyzer/analyze.js';
import { ProjectFiles } from '../../src/analyzer/files.js';
import { repositoryReader } from '../../src/analyzer/containers.js';
import { contextPathOf, finalStage, parseDockerfile } from '../../src/analyzer/dockerfile.js';
import { entryPointOf, shellCommands } from '../../src/analyzer/entry-points.js';
import { tempRepo } from '../helpers/temp-repo.js';

describe('reading a Dockerfile', () => {
  it('keeps the last stage, its working directory, command and copies, following --from into earlier stages', () => {
    const stages = parseDockerfile(`# syntax=docker/dockerfile:1
ARG NODE=20
FROM node:\${NODE}-alpine AS build
WORKDIR /app
COPY package*.json ./
COPY services/orders \\
     ./services/orders
RUN npm ci && npm run build

FROM node:20-slim
ENV APP=/srv/app
WORKDIR $APP
COPY --from=build /app/services/orders/dist ./dist
COPY nginx/default.conf /etc/nginx/conf.d/default.conf
ENTRYPOINT ["node"]
CMD ["dist/main.js"]
`);
    const final = finalStage(stages)!;
    expect(final).toMatchObject({ base: 'node:20-slim', workdir: '/srv/app', entrypoint: { exec: ['node'] }, cmd: { exec: ['dist/main.js'] } });
    expect(stages[0]).toMatchObject({ name: 'build', base: 'node:20-alpine' });
    // The built file comes from the orders folder of the build context, through the build stage.
    expect(contextPathOf(stages, final, '/srv/app/dist/main.js')).toBe('services/orders/dist/main.js');
    expect(contextPathOf(stages, final, '/etc/nginx/conf.d/default.conf')).toBe('nginx/default.conf');
    expect(contextPathOf(stages, stages[0]!, '/app/package.json')).toBe('package.json');
    expect(contextPathOf(stages, final, '/usr/lib/node')).toBeUndefined();
  });

  it('a new ENTRYPOINT clears the inherited CMD, a shell form stays a string, and a named target is built', () => {
    const stages = parseDockerfile('FROM node AS base\nCMD node a.js\nFROM base AS worker\nENTRYPOINT ["node", "worker.js"]\nFROM base AS api\n');
    expect(finalStage(stages, 'worker')).toMatchObject({ entrypoint: { exec: ['node', 'worker.js'] } });
    expect(finalStage(stages, 'worker')?.cmd).toBeUndefined();
    expect(finalStage(stages)).toMatchObject({ name: 'api', cmd: { shell: 'node a.js' } });
  });
});

describe('what a command starts', () => {
  const repo = () =>
    tempRepo({
      'package.json': JSON.stringify({ scripts: { 'start:gateway': 'node src/gateway/server.js', start: 'npm run migrate && node ./dist/main.js', migrate: 'knex migrate:latest' } }),
      'src/gateway/server.js': '',
      'src/main.ts': '',
      'services/orders/package.json': JSON.stringify({ name: '@shop/orders', scripts: { start: 'nodemon --watch src src/index.ts' } }),
      'services/orders/src/index.ts': '',
      'apps/api/nest-cli.json': JSON.stringify({ projects: { billing: { sourceRoot: 'apps/billing/src', entryFile: 'main' } } }),
      'apps/api/apps/billing/src/main.ts': '',
      'docker-entrypoint.sh': '#!/bin/sh\nset -e\nwait-for kafka:9092\nexec node --watch worker/index.js "$@"\n',
      'worker/index.js': '',
    });
  const startOf = (root: string, argv: string[], workdir = '/') =>
    entryPointOf(argv, workdir, { reader: repositoryReader(new ProjectFiles({ root, diagnostics: [] }), [{ root: path.join(root, 'services/orders'), name: '@shop/orders' }]), root, toRepository: (inContainer) => path.join(root, inContainer) }, root);
  const relativeFiles = (root: string, entry: ReturnType<typeof startOf>) => (entry.kind === 'files' ? entry.files.map((file) => path.relative(root, file)) : entry);

  it('cuts shell text into commands and words', () => {
    expect(shellCommands(`npm run migrate && NODE_ENV=production node "dist/main.js" --port 3000; echo 'a b' # done`)).toEqual([
      ['npm', 'run', 'migrate'],
      ['NODE_ENV=production', 'node', 'dist/main.js', '--port', '3000'],
      ['echo', 'a b'],
    ]);
  });

  it('follows node, npm scripts, workspaces, sh -c, nest start and entrypoint scripts of the repository', () => {
    const root = repo();
    expect(relativeFiles(root, startOf(root, ['npm', 'run', 'start:gateway']))).toEqual(['src/gateway/server.js']);
    // `npm start`: the last command of the script, `dist/main.js` built from `src/main.ts`.
    expect(relativeFiles(root, startOf(root, ['sh', '-c', 'npm start']))).toEqual(['src/main.ts']);
    expect(relativeFiles(root, startOf(root, ['npm', 'start', '-w', 'services/orders']))).toEqual(['services/orders/src/index.ts']);
    expect(relativeFiles(root, startOf(root, ['yarn', 'workspace', '@shop/orders', 'start']))).toEqual(['services/orders/src/index.ts']);
    expect(relativeFiles(root, startOf(root, ['npx', 'nest', 'start', 'billing'], '/apps/api'))).toEqual(['apps/api/apps/billing/src/main.ts']);
    expect(relativeFiles(root, startOf(root, ['./docker-entrypoint.sh']))).toEqual(['worker/index.js']);
    expect(relativeFiles(root, startOf(root, ['tini', '--', 'node', '-r', 'dotenv/config', 'worker/index.js']))).toEqual(['worker/index.js']);
  });

  it('a missing script still names its file by a word; a command of another program names none', () => {
    const root = repo();
    expect(relativeFiles(root, startOf(root, ['npm', 'run', 'microservice', '--', '--prefix', '/api/x', 'worker/index.js']))).toEqual(['worker/index.js']);
    expect(startOf(root, ['orders', '6000'])).toEqual({ kind: 'package', root: path.join(root, 'services/orders') });
    expect(startOf(root, ['sh', '-c', 'sleep infinity'])).toEqual({ kind: 'none', command: 'sleep infinity' });
    expect(startOf(root, ['python', 'app.py'])).toEqual({ kind: 'none', command: 'python app.py' });
    expect(startOf(root, ['/usr/local/bin/entrypoint.sh'])).toEqual({ kind: 'unknown' });
  });
});

describe('services from compose entry points', () => {
  it('splits a shared build context by the Dockerfile CMD of each service, maps WORKDIR and COPY, and notes a command that starts nothing', async () => {
    const root = tempRepo({
      'docker-compose.yml': `services:
  orders:
    build: { context: ./services, dockerfile: Dockerfile-orders }
  stock:
    build: { context: ./services, dockerfile: Dockerfile-stock }
  debug:
    build: { context: ./services, dockerfile: Dockerfile-orders }
    command: sleep infinity
`,
      'services/Dockerfile-orders': 'FROM node:20\nCOPY orders /srv/orders\nCOPY shared /srv/shared\nWORKDIR /srv/orders\nCMD ["node", "index.js"]\n',
      'services/Dockerfile-stock': 'FROM node:20\nCOPY stock /srv/stock\nCOPY shared /srv/shared\nWORKDIR /srv/stock\nCMD ["node", "main.js"]\n',
      'services/shared/package.json': '{ "dependencies": { "axios": "1.7.2" } }',
      'services/shared/catalog.js': "const axios = require('axios');\nexports.ping = () => axios.get('http://catalog.example.com/ping');\n",
      'services/orders/index.js': "require('../shared/catalog').ping();\n",
      'services/stock/main.js': "const { ping } = require('../shared/catalog');\nping();\n",
    });
    const result = await analyzeProject({ root });
    expect(result.services.map((service) => `${service.name} ${service.root}`)).toEqual(['orders services/orders', 'stock services/stock']);
    // The shared module's request is made by each service that runs it.
    expect(result.interactions.map((i) => `${i.service} ${i.location.file}:${i.location.line} ${i.id}`)).toEqual([
      'orders services/shared/catalog.js:2 http:services/shared/catalog.js:2:22',
      'stock services/shared/catalog.js:2 http:services/shared/catalog.js:2:22#2',
    ]);
    expect(result.diagnostics).toEqual([
      { file: 'docker-compose.yml', message: "compose service 'debug': its command (sleep infinity) starts no file of the repository; not a service of its own (its build context is shared with orders, stock)" },
    ]);
  });

  it('two entries in one folder: each service owns what its entry reaches; files reached by none stay with the folder', async () => {
    const root = tempRepo({
      'docker-compose.yml': 'services:\n  api:\n    build: .\n    command: node app/api.js\n  worker:\n    build: .\n    command: ["node", "app/worker.js"]\n',
      'package.json': '{ "name": "shop", "dependencies": { "axios": "1.7.2" } }',
      'app/api.js': "require('./payments');\n",
      'app/payments.js': "require('axios').post('http://payments.example.com/charges');\n",
      'app/worker.js': "require('axios').get('http://mail.example.com/queue');\n",
      'app/unused.js': "require('axios').get('http://old.example.com/');\n",
    });
    const result = await analyzeProject({ root });
    expect(result.services.map((service) => `${service.name} ${service.root}`)).toEqual(['api app', 'worker app']);
    expect(result.interactions.map((i) => `${i.service} ${i.location.file}`)).toEqual(['api app/payments.js', 'api app/unused.js', 'worker app/worker.js']);
  });
});
