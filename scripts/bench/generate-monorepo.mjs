#!/usr/bin/env node
// Generates a TypeScript monorepo of exactly N source files for the benchmark (scripts/bench.mjs), the same
// bytes for the same seed and size. npm workspaces: services (Express or Fastify, about 50 files each) and
// shared packages (a topics package, a common library); kafkajs producers (through a `publish(topic, event)`
// wrapper or directly) and consumers, axios clients built as classes with a base URL, fetch calls, URLs from
// process.env with fallbacks, a docker-compose.yml naming the services, and mostly plain files without any
// interaction. One tsconfig.json lets `tsc -p DIR --noEmit` check it all with nothing installed: the libraries
// it imports are declared in types/vendor.d.ts (a declaration file, which the CLI does not scan, so both
// tools read the same .ts files).
//
//   node scripts/bench/generate-monorepo.mjs DIR [--files 1000] [--seed 1] [--files-per-service 50]
//
// `expected` (printed as JSON) counts what the generator wrote: the CLI must find exactly these interactions.
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import * as t from './monorepo-templates.mjs';

const SCOPE = 'bench';
/**
 * A small Node service, as event-driven monorepos have many of. Fewer, larger services (`filesPerService`)
 * would hide costs that grow with files times services, such as finding which service a file belongs to.
 */
export const DEFAULT_FILES_PER_SERVICE = 50;
/** Below this a service has no room for one plain file beside its core and one file of each kind. */
const MIN_FILES_PER_SERVICE = 20;
/** main, config, kafka, logger, errors, events/publish. */
const CORE_FILES_PER_SERVICE = 6;
const COMMON_CORE = Object.keys(t.COMMON_CORE);

const SERVICE_NAMES = [
  'orders', 'payments', 'inventory', 'shipping', 'notifications', 'analytics', 'customers', 'catalog', 'pricing',
  'search', 'reviews', 'loyalty', 'billing', 'invoicing', 'returns', 'warehouse', 'fulfilment', 'accounts',
  'identity', 'recommendations', 'promotions', 'tax', 'fraud', 'ledger', 'reporting', 'subscriptions', 'media',
  'scheduling', 'routing', 'carriers', 'suppliers', 'procurement', 'support', 'tickets', 'audit', 'compliance',
  'storefront', 'checkout', 'quotes', 'contracts', 'payouts', 'disputes', 'onboarding', 'partners',
];
const ENTITIES = [
  'order', 'order-line', 'cart', 'invoice', 'refund', 'payment-intent', 'stock-level', 'reservation', 'parcel',
  'shipment', 'label', 'email', 'push-token', 'page-view', 'funnel-step', 'customer', 'address', 'consent',
  'loyalty-account', 'voucher', 'return-request', 'warehouse-slot', 'price', 'tax-rate', 'subscription',
  'chargeback', 'supplier', 'purchase-order', 'review', 'wishlist', 'session', 'product', 'variant', 'bundle',
  'coupon', 'ledger-entry', 'payout', 'dispute', 'quote', 'contract', 'ticket', 'comment', 'attachment',
  'schedule', 'route', 'carrier', 'zone', 'region', 'account', 'profile', 'device', 'campaign', 'segment',
];
const EVENTS = ['created', 'updated', 'cancelled', 'archived', 'approved', 'rejected', 'expired', 'completed'];
const FIELDS = [
  { name: 'amount', type: 'number' },
  { name: 'currency', type: "'EUR' | 'USD' | 'GBP'" },
  { name: 'createdAt', type: 'string' },
  { name: 'updatedAt', type: 'string' },
  { name: 'quantity', type: 'number' },
  { name: 'tags', type: 'string[]' },
  { name: 'active', type: 'boolean' },
  { name: 'note', type: 'string | null' },
  { name: 'version', type: 'number' },
  { name: 'ownerId', type: 'string' },
  { name: 'region', type: "'eu' | 'us' | 'apac'" },
  { name: 'priority', type: 'number' },
  { name: 'label', type: 'string' },
  { name: 'expiresAt', type: 'string | null' },
  { name: 'status', type: "'pending' | 'active' | 'closed'" },
  { name: 'reference', type: 'string' },
];
const PLAIN_KINDS = ['repository', 'validator', 'calculator', 'mapper', 'policy', 'index'];
const PLAIN_FOLDERS = { repository: 'repositories', validator: 'validation', calculator: 'domain', mapper: 'mappers', policy: 'domain', index: 'utils' };
const ACTIONS = ['list', 'get', 'create', 'update', 'remove'];

/** mulberry32: a small, fast, well-mixed 32-bit generator; all randomness comes from it. */
function randomFrom(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
  const int = (low, high) => low + Math.floor(next() * (high - low + 1));
  const pick = (list) => list[Math.floor(next() * list.length)];
  const shuffle = (list) => {
    const copy = [...list];
    for (let index = copy.length - 1; index > 0; index -= 1) {
      const other = Math.floor(next() * (index + 1));
      [copy[index], copy[other]] = [copy[other], copy[index]];
    }
    return copy;
  };
  const fields = () => shuffle(FIELDS).slice(0, int(2, 6)).sort((a, b) => FIELDS.indexOf(a) - FIELDS.indexOf(b));
  return { next, int, pick, shuffle, fields };
}

/** `count` distinct names from `pool`, numbered once the pool runs out (`orders`, ..., `orders-2`). */
function names(random, pool, count) {
  const shuffled = random.shuffle(pool);
  return Array.from({ length: count }, (_, index) => (index < pool.length ? shuffled[index] : `${shuffled[index % pool.length]}-${Math.floor(index / pool.length) + 1}`));
}

/** Splits `total` into `parts` whole numbers that differ by one at most. */
const split = (total, parts) => Array.from({ length: parts }, (_, index) => Math.floor(total / parts) + (index < total % parts ? 1 : 0));

/** How many files of each kind a service of `budget` files has; plain files take the rest. */
function serviceShape(budget, serviceCount) {
  const routes = Math.max(1, Math.round(budget * 0.05));
  const producers = Math.max(1, Math.round(budget * 0.04));
  const consumers = Math.max(1, Math.round(budget * 0.03));
  const clients = Math.min(serviceCount - 1, Math.max(1, Math.round(budget * 0.03)));
  const fetchers = Math.round(budget * 0.02);
  const plain = budget - CORE_FILES_PER_SERVICE - routes - producers - consumers - clients - fetchers;
  return { routes, producers, consumers, clients, fetchers, plain };
}

/** The smallest repository the generator makes: two services, each with one file of every kind. */
export const MIN_FILES = 40;

function planServices(random, fileCount, filesPerService) {
  const serviceCount = Math.max(2, Math.round(fileCount / filesPerService));
  const commonCount = COMMON_CORE.length + 1 + Math.max(1, Math.round(fileCount * 0.02));
  const topicsCount = serviceCount + 1;
  const budgets = split(fileCount - commonCount - topicsCount, serviceCount);
  const services = names(random, SERVICE_NAMES, serviceCount).map((name, index) => ({
    name,
    pascal: t.pascal(name),
    framework: random.next() < 0.6 ? 'express' : 'fastify',
    shape: serviceShape(budgets[index], serviceCount),
  }));
  for (const service of services) {
    if (service.shape.plain < 1) throw new Error(`${fileCount} files are too few for ${serviceCount} services; use ${MIN_FILES} or more`);
  }
  return { services, commonPlain: commonCount - COMMON_CORE.length - 1 };
}

function planRoutesAndTopics(random, service) {
  const { shape } = service;
  service.entities = names(random, ENTITIES, Math.max(shape.routes, shape.producers, shape.consumers, shape.fetchers));
  service.routeFiles = service.entities.slice(0, shape.routes).map((entity) => {
    // Every resource can be read by id; the other actions vary.
    const actions = ACTIONS.filter((action) => action === 'get' || random.next() < 0.5);
    const local = `/${t.plural(entity)}`;
    return {
      entity,
      module: t.plural(entity),
      exportName: service.framework === 'express' ? `${t.camel(t.plural(entity))}Router` : `${t.camel(t.plural(entity))}Routes`,
      fields: random.fields(),
      routes: actions.map((action) => ({ action, localPath: ['get', 'update', 'remove'].includes(action) ? `${local}/:id` : local })),
    };
  });
  service.topics = [];
  service.producerFiles = service.entities.slice(0, shape.producers).map((entity, fileIndex) => {
    const events = random.shuffle(EVENTS).slice(0, random.int(1, 3));
    const sends = events.map((event, index) => {
      const topic = { owner: service, name: `${service.name}.${entity}.${event}`, key: t.pascal(`${entity}-${event}`) };
      service.topics.push(topic);
      // The service's first send uses its wrapper, so the wrapper is always called; then three in four do.
      const via = (fileIndex === 0 && index === 0) || random.next() < 0.75 ? 'wrapper' : 'direct';
      return { topic, via, key: via === 'direct' && random.next() < 0.5 };
    });
    return { entity, module: `${entity}-events`, fields: random.fields(), sends };
  });
}

function planCallers(random, service, services) {
  const { shape } = service;
  const others = services.filter((other) => other !== service);
  const otherTopics = others.flatMap((other) => other.topics);
  service.consumerFiles = service.entities.slice(0, shape.consumers).map((entity) => {
    const topics = random.shuffle(otherTopics).slice(0, random.int(1, 3));
    return {
      entity,
      module: `${entity}-consumer`,
      topics,
      form: random.next() < 0.5 ? 'topics' : 'topic',
      subscribeName: `subscribe${t.pascal(entity)}Events`,
      handlerName: `handle${t.pascal(entity)}Event`,
    };
  });
  const callOf = (target, actions) => {
    const routeFile = random.pick(target.routeFiles);
    const route = random.pick(routeFile.routes.filter((candidate) => actions.includes(candidate.action)));
    return { entity: routeFile.entity, fields: routeFile.fields, action: route.action, path: `/api${route.localPath}` };
  };
  service.clientFiles = random.shuffle(others).slice(0, shape.clients).map((target) => {
    const calls = Array.from({ length: random.int(2, 3) }, () => callOf(target, ACTIONS));
    // One method per action and resource: a client does not define `getOrder` twice.
    const unique = [...new Map(calls.map((call) => [`${call.action} ${call.entity}`, call])).values()];
    return { target, module: `${target.name}-client`, className: `${target.pascal}Client`, calls: unique };
  });
  service.fetchFiles = service.entities.slice(0, shape.fetchers).map((entity) => {
    const target = random.pick(others);
    const call = callOf(target, ['get']);
    return { target, module: `${entity}-lookup`, functionName: `lookup${t.pascal(call.entity)}In${target.pascal}`, call };
  });
  const targets = new Set(service.clientFiles.map((file) => file.target.name));
  // Compose names some of the URLs the clients read; the fallback in the code gives the others.
  service.composeTargets = [...targets].filter(() => random.next() < 0.7);
}

/** Plain files in folders by kind, each importing up to two earlier ones (a graph without cycles). */
function planPlainFiles(random, count, folderOf) {
  const taken = new Set();
  const files = [];
  for (let index = 0; index < count; index += 1) {
    const kind = PLAIN_KINDS[index % PLAIN_KINDS.length];
    let base = `${random.pick(ENTITIES)}-${kind}`;
    for (let suffix = 2; taken.has(base); suffix += 1) base = `${base.replace(/-\d+$/, '')}-${suffix}`;
    taken.add(base);
    const dependencies = index === 0 ? [] : [...new Set(Array.from({ length: random.int(0, 2) }, () => files[random.int(Math.max(0, index - 40), index - 1)]))];
    files.push({ kind, base, folder: folderOf(kind), fields: random.fields(), dependencies });
  }
  return files;
}

/** Plans the repository: which services, files, topics and calls; no text yet. */
export function planMonorepo({ files: fileCount, seed, filesPerService = DEFAULT_FILES_PER_SERVICE, reach = 0 }) {
  if (!Number.isInteger(fileCount) || fileCount < MIN_FILES) throw new Error(`files: expected a whole number, ${MIN_FILES} or more`);
  if (!Number.isInteger(seed)) throw new Error('seed: expected a whole number');
  if (!Number.isInteger(filesPerService) || filesPerService < MIN_FILES_PER_SERVICE) throw new Error(`filesPerService: expected a whole number, ${MIN_FILES_PER_SERVICE} or more`);
  const random = randomFrom(seed);
  const { services, commonPlain } = planServices(random, fileCount, filesPerService);
  for (const service of services) planRoutesAndTopics(random, service);
  for (const service of services) planCallers(random, service, services);
  for (const service of services) service.plainFiles = planPlainFiles(random, service.shape.plain, (kind) => `src/${PLAIN_FOLDERS[kind]}`);
  const commonFiles = planPlainFiles(random, commonPlain, () => 'src');
  // Drawn last, and only when asked, so the default repository stays the same bytes.
  if (reach > 0) for (const service of services) planReach(random, service, reach);
  return { seed, fileCount, filesPerService, reach, services, commonFiles };
}

/**
 * With `reach`, each route, producer and consumer file imports that many plain files of its service (a
 * validator, a mapper...) and what those import comes along, as in most real services, where the files
 * that talk reach most of the others. Without it the plain files form a graph of their own, which no file
 * that talks imports.
 */
function planReach(random, service, reach) {
  for (const file of [...service.routeFiles, ...service.producerFiles, ...service.consumerFiles]) {
    file.reaches = [...new Set(Array.from({ length: reach }, () => random.pick(service.plainFiles)))];
  }
}

const relativeSpecifier = (from, to) => {
  const specifier = path.posix.relative(path.posix.dirname(from), to).replace(/\.ts$/, '');
  return specifier.startsWith('.') ? specifier : `./${specifier}`;
};

function plainTexts(root, plainFiles, commonSpecifiers, out) {
  for (const file of plainFiles) {
    const name = `${root}/${file.folder}/${file.base}.ts`;
    const dependencies = file.dependencies.map((dependency) => ({ base: dependency.base, specifier: relativeSpecifier(name, `${root}/${dependency.folder}/${dependency.base}.ts`) }));
    out[name] = t.plainFile(SCOPE, { ...file, dependencies, commonSpecifier: commonSpecifiers?.[file.kind] });
  }
}

function serviceTexts(service, out) {
  const root = `services/${service.name}`;
  const dependencies = { [`@${SCOPE}/common`]: '1.0.0', [`@${SCOPE}/topics`]: '1.0.0', axios: '1.13.2', kafkajs: '2.2.4' };
  dependencies[service.framework] = service.framework === 'express' ? '5.1.0' : '5.4.0';
  out[`${root}/package.json`] = t.packageJson(SCOPE, service.name, Object.fromEntries(Object.entries(dependencies).sort()));
  out[`${root}/src/main.ts`] = t.mainFile(service);
  out[`${root}/src/config.ts`] = t.configFile(service);
  out[`${root}/src/kafka.ts`] = t.kafkaFile(service);
  out[`${root}/src/logger.ts`] = t.loggerFile(SCOPE, service);
  out[`${root}/src/errors.ts`] = t.errorsFile(service);
  out[`${root}/src/events/publish.ts`] = t.publishFile(service);
  const reaching = (name, file, text) => {
    if (file.reaches === undefined) return text;
    const plain = file.reaches.map((reached) => ({ name: `describe${t.pascal(reached.base)}`, specifier: relativeSpecifier(name, `${root}/${reached.folder}/${reached.base}.ts`) }));
    return `${plain.map((reached) => `import { ${reached.name} } from '${reached.specifier}';`).join('\n')}\n${text}\nexport const describers = [${plain.map((reached) => reached.name).join(', ')}];\n`;
  };
  for (const file of service.routeFiles) out[`${root}/src/routes/${file.module}.ts`] = reaching(`${root}/src/routes/${file.module}.ts`, file, t.routeFile(service, file));
  for (const file of service.producerFiles) out[`${root}/src/events/${file.module}.ts`] = reaching(`${root}/src/events/${file.module}.ts`, file, t.producerFile(SCOPE, service, file));
  for (const file of service.consumerFiles) out[`${root}/src/consumers/${file.module}.ts`] = reaching(`${root}/src/consumers/${file.module}.ts`, file, t.consumerFile(SCOPE, file));
  for (const file of service.clientFiles) out[`${root}/src/clients/${file.module}.ts`] = t.clientFile(file);
  for (const file of service.fetchFiles) out[`${root}/src/clients/${file.module}.ts`] = t.fetchFile(file);
  plainTexts(root, service.plainFiles, undefined, out);
}

/** What the CLI must find in the generated repository: counted from what was written, not from a run. */
function expectedOf(plan, files) {
  const services = plan.services;
  const sum = (count) => services.reduce((total, service) => total + count(service), 0);
  const sources = Object.keys(files).filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'));
  return {
    seed: plan.seed,
    filesPerService: plan.filesPerService,
    files: sources.length,
    lines: sources.reduce((total, name) => total + files[name].split('\n').length - 1, 0),
    services: services.length,
    topics: sum((service) => service.topics.length),
    routes: sum((service) => service.routeFiles.reduce((total, file) => total + file.routes.length, 0)),
    interactions: {
      http: sum((service) => service.clientFiles.reduce((total, file) => total + file.calls.length, 0) + service.fetchFiles.length),
      produce: sum((service) => service.producerFiles.reduce((total, file) => total + file.sends.length, 0)),
      consume: sum((service) => service.consumerFiles.reduce((total, file) => total + file.topics.length, 0)),
    },
  };
}

/** The repository as relative path -> text (keys sorted), and what it holds. */
export function generateMonorepo(options) {
  const plan = planMonorepo(options);
  const out = {};
  out['package.json'] = t.rootPackageJson(SCOPE);
  out['tsconfig.json'] = t.tsconfig(SCOPE, ['common', 'topics']);
  out['types/vendor.d.ts'] = t.VENDOR_TYPES;
  out['docker-compose.yml'] = t.dockerCompose(plan.services);
  out['packages/topics/package.json'] = t.packageJson(SCOPE, 'topics', {});
  for (const service of plan.services) out[`packages/topics/src/${service.name}.ts`] = t.topicsFile(service, service.topics);
  out['packages/topics/src/index.ts'] = t.barrelFile(plan.services.map((service) => service.name));
  out['packages/common/package.json'] = t.packageJson(SCOPE, 'common', {});
  for (const [name, text] of Object.entries(t.COMMON_CORE)) out[`packages/common/src/${name}.ts`] = text;
  // Plain files of the common package import its own modules, not its public name.
  plainTexts('packages/common', plan.commonFiles, { validator: './result', index: './collections' }, out);
  out['packages/common/src/index.ts'] = t.barrelFile([...COMMON_CORE, ...plan.commonFiles.map((file) => file.base)]);
  for (const service of plan.services) serviceTexts(service, out);
  const files = Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { files, expected: expectedOf(plan, files) };
}

/** Writes the repository into `folder` (created if missing) and returns what it holds. */
export function writeMonorepo(folder, options) {
  const { files, expected } = generateMonorepo(options);
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(folder, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return expected;
}

function main(argv) {
  const folder = argv.find((argument, index) => !argument.startsWith('--') && !argv[index - 1]?.startsWith('--'));
  const option = (name, fallback) => {
    const index = argv.indexOf(`--${name}`);
    return index === -1 ? fallback : Number(argv[index + 1]);
  };
  if (folder === undefined) {
    process.stderr.write('usage: node scripts/bench/generate-monorepo.mjs DIR [--files N] [--seed S] [--files-per-service F] [--reach R]\n');
    return 2;
  }
  try {
    const expected = writeMonorepo(folder, { files: option('files', 1000), seed: option('seed', 1), filesPerService: option('files-per-service', DEFAULT_FILES_PER_SERVICE), reach: option('reach', 0) });
    process.stdout.write(`${JSON.stringify(expected, null, 2)}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`generate-monorepo: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
