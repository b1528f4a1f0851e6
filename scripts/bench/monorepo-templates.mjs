// The text of each kind of file the generated monorepo holds (scripts/bench/generate-monorepo.mjs plans which
// files there are). Every file must type-check under `tsc --strict` with only types/vendor.d.ts for the
// libraries, so the benchmark compares the CLI with a type checker that checks everything without errors.

/** `order-line` -> `OrderLine`. */
export const pascal = (words) => words.split(/[^A-Za-z0-9]+/).filter(Boolean).map((word) => word[0].toUpperCase() + word.slice(1)).join('');
/** `order-line` -> `orderLine`. */
export const camel = (words) => {
  const name = pascal(words);
  return name[0].toLowerCase() + name.slice(1);
};
/** `payment-intent` -> `PAYMENT_INTENT`. */
export const constant = (words) => words.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();
export const plural = (word) => (word.endsWith('s') ? `${word}es` : word.endsWith('y') ? `${word.slice(0, -1)}ies` : `${word}s`);

const lines = (...parts) => `${parts.flat(Infinity).join('\n')}\n`;

/** A field's default value in a `create` function. */
function defaultOf(type) {
  if (type === 'number') return '0';
  if (type === 'boolean') return 'false';
  if (type === 'string[]') return '[]';
  if (type.endsWith('| null')) return 'null';
  if (type.startsWith("'")) return type.split(' | ')[0];
  return "''";
}

/** `interface X { id: string; ... }` lines. */
const interfaceLines = (name, fields, exported = true) => [
  `${exported ? 'export ' : ''}interface ${name} {`,
  '  id: string;',
  ...fields.map((field) => `  ${field.name}: ${field.type};`),
  '}',
];

// ---------------------------------------------------------------------------------------------- the root

export const rootPackageJson = (scope) =>
  `${JSON.stringify({ name: `@${scope}/monorepo`, private: true, workspaces: ['packages/*', 'services/*'], scripts: { typecheck: 'tsc --noEmit' } }, null, 2)}\n`;

export function packageJson(scope, name, dependencies) {
  return `${JSON.stringify({ name: `@${scope}/${name}`, version: '1.0.0', private: true, main: 'src/index.ts', dependencies }, null, 2)}\n`;
}

/** One tsconfig for the whole repository, as `tsc -p` and ESLint's project service read it. */
export function tsconfig(scope, packages) {
  const paths = Object.fromEntries(packages.map((name) => [`@${scope}/${name}`, [`./packages/${name}/src/index.ts`]]));
  const config = {
    compilerOptions: {
      target: 'ES2022',
      module: 'preserve',
      moduleResolution: 'bundler',
      // The analyzer's own lib: no DOM, no @types packages; the few globals used are in types/vendor.d.ts.
      lib: ['ES2023'],
      types: [],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      isolatedModules: true,
      forceConsistentCasingInFileNames: true,
      paths,
    },
    include: ['types/**/*.d.ts', 'packages/*/src/**/*.ts', 'services/*/src/**/*.ts'],
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

export function dockerCompose(services) {
  const out = ['services:', '  kafka:', '    image: apache/kafka:3.8.0', '    environment:', '      KAFKA_NODE_ID: 1', ''];
  for (const service of services) {
    out.push(`  ${service.name}:`, `    build: ./services/${service.name}`, '    depends_on:', '      - kafka', '    environment:', '      PORT: "8080"', '      KAFKA_BROKERS: kafka:9092');
    // Some URLs come from compose, the others from the fallback in the code: both happen in real repositories.
    for (const target of service.composeTargets) out.push(`      ${constant(target)}_URL: http://${target}:8080`);
    out.push('');
  }
  return lines(out);
}

/** The libraries the generated code imports, declared so `tsc` checks the repository with nothing installed. */
export const VENDOR_TYPES = lines(
  '// What the generated services import, declared so tsc type-checks them without node_modules.',
  'declare const process: { env: Record<string, string | undefined>; exitCode?: number };',
  'declare const console: { info(...values: unknown[]): void; warn(...values: unknown[]): void; error(...values: unknown[]): void };',
  'interface FetchResponse { readonly ok: boolean; readonly status: number; json(): Promise<unknown>; text(): Promise<string> }',
  'declare function fetch(url: string, init?: { method?: string; headers?: Record<string, string>; body?: string }): Promise<FetchResponse>;',
  '',
  "declare module 'kafkajs' {",
  '  export interface Message { key?: string | null; value: string | null; headers?: Record<string, string> }',
  '  export interface Producer {',
  '    connect(): Promise<void>;',
  '    disconnect(): Promise<void>;',
  '    send(record: { topic: string; messages: Message[]; acks?: number }): Promise<{ topicName: string; partition: number }[]>;',
  '  }',
  '  export interface KafkaMessage { key: { toString(): string } | null; value: { toString(): string } | null; offset: string }',
  '  export interface EachMessagePayload { topic: string; partition: number; message: KafkaMessage }',
  '  export interface Consumer {',
  '    connect(): Promise<void>;',
  '    disconnect(): Promise<void>;',
  '    subscribe(subscription: { topic: string | RegExp; fromBeginning?: boolean } | { topics: (string | RegExp)[]; fromBeginning?: boolean }): Promise<void>;',
  '    run(config: { eachMessage: (payload: EachMessagePayload) => Promise<void> }): Promise<void>;',
  '  }',
  '  export class Kafka {',
  '    constructor(config: { clientId: string; brokers: string[] });',
  '    producer(config?: { idempotent?: boolean }): Producer;',
  '    consumer(config: { groupId: string }): Consumer;',
  '  }',
  '}',
  '',
  "declare module 'axios' {",
  '  export interface AxiosResponse<T = unknown> { data: T; status: number; headers: Record<string, string> }',
  '  export interface AxiosRequestConfig { baseURL?: string; timeout?: number; headers?: Record<string, string>; params?: Record<string, string | number> }',
  '  export interface AxiosInstance {',
  '    get<T = unknown>(url: string, config?: AxiosRequestConfig): Promise<AxiosResponse<T>>;',
  '    delete<T = unknown>(url: string, config?: AxiosRequestConfig): Promise<AxiosResponse<T>>;',
  '    post<T = unknown>(url: string, data?: unknown, config?: AxiosRequestConfig): Promise<AxiosResponse<T>>;',
  '    put<T = unknown>(url: string, data?: unknown, config?: AxiosRequestConfig): Promise<AxiosResponse<T>>;',
  '    patch<T = unknown>(url: string, data?: unknown, config?: AxiosRequestConfig): Promise<AxiosResponse<T>>;',
  '  }',
  '  const axios: AxiosInstance & { create(config?: AxiosRequestConfig): AxiosInstance };',
  '  export default axios;',
  '}',
  '',
  "declare module 'express' {",
  '  export interface Request { params: Record<string, string>; query: Record<string, string | undefined>; body: unknown }',
  '  export interface Response { status(code: number): Response; json(body: unknown): Response; end(): Response }',
  '  export type NextFunction = (error?: unknown) => void;',
  '  export type Handler = (req: Request, res: Response, next: NextFunction) => void | Promise<void>;',
  '  export interface Router {',
  '    get(path: string, ...handlers: Handler[]): Router;',
  '    post(path: string, ...handlers: Handler[]): Router;',
  '    put(path: string, ...handlers: Handler[]): Router;',
  '    patch(path: string, ...handlers: Handler[]): Router;',
  '    delete(path: string, ...handlers: Handler[]): Router;',
  '    use(...handlers: (string | Router | Handler)[]): Router;',
  '  }',
  '  export interface Application extends Router { listen(port: number, callback?: () => void): { close(): void } }',
  '  export function Router(): Router;',
  '  const express: { (): Application; json(): Handler };',
  '  export default express;',
  '}',
  '',
  "declare module 'fastify' {",
  '  export interface FastifyRequest { params: unknown; query: unknown; body: unknown }',
  '  export interface FastifyReply { code(status: number): FastifyReply; send(payload?: unknown): FastifyReply }',
  '  export type RouteHandler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;',
  '  export interface FastifyInstance {',
  '    get(path: string, handler: RouteHandler): FastifyInstance;',
  '    post(path: string, handler: RouteHandler): FastifyInstance;',
  '    put(path: string, handler: RouteHandler): FastifyInstance;',
  '    patch(path: string, handler: RouteHandler): FastifyInstance;',
  '    delete(path: string, handler: RouteHandler): FastifyInstance;',
  '    register(plugin: (app: FastifyInstance) => Promise<void>, options?: { prefix?: string }): FastifyInstance;',
  '    listen(options: { port: number; host?: string }): Promise<string>;',
  '  }',
  '  export default function fastify(options?: { logger?: boolean }): FastifyInstance;',
  '}',
);

// ------------------------------------------------------------------------------------ the shared packages

/** packages/topics/src/<service>.ts: the topics one service produces, as constants. */
export function topicsFile(service, topics) {
  return lines(
    `/** Topics the ${service.name} service produces. Consumers import these instead of spelling the names. */`,
    `export const ${service.pascal}Topics = {`,
    topics.map((topic) => `  ${topic.key}: '${topic.name}',`),
    '} as const;',
    '',
    `export type ${service.pascal}Topic = (typeof ${service.pascal}Topics)[keyof typeof ${service.pascal}Topics];`,
  );
}

export const barrelFile = (modules) => lines(modules.map((module) => `export * from './${module}';`));

/** The common package's fixed modules; its other files are plain files like the services'. */
export const COMMON_CORE = {
  result: lines(
    '/** A value or the reason there is none, for code that must not throw across module boundaries. */',
    'export type Result<T, E = string> = { ok: true; value: T } | { ok: false; error: E };',
    '',
    'export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });',
    'export const fail = <E>(error: E): Result<never, E> => ({ ok: false, error });',
    '',
    'export function mapResult<T, U, E>(result: Result<T, E>, map: (value: T) => U): Result<U, E> {',
    '  return result.ok ? ok(map(result.value)) : result;',
    '}',
    '',
    'export function unwrap<T, E>(result: Result<T, E>, describe: (error: E) => string = String): T {',
    '  if (result.ok) return result.value;',
    '  throw new Error(describe(result.error));',
    '}',
  ),
  logger: lines(
    "export type Level = 'info' | 'warn' | 'error';",
    '',
    'export interface Logger {',
    '  info(message: string, ...details: unknown[]): void;',
    '  warn(message: string, ...details: unknown[]): void;',
    '  error(message: string, ...details: unknown[]): void;',
    '}',
    '',
    '/** One line per event, prefixed with the service, so logs of all services can be read together. */',
    'export function createLogger(service: string): Logger {',
    '  const write = (level: Level) => (message: string, ...details: unknown[]) => {',
    '    console[level](`[${service}] ${message}`, ...details);',
    '  };',
    "  return { info: write('info'), warn: write('warn'), error: write('error') };",
    '}',
  ),
  collections: lines(
    'export function groupBy<T, K extends string>(items: readonly T[], keyOf: (item: T) => K): Record<K, T[]> {',
    '  const groups = {} as Record<K, T[]>;',
    '  for (const item of items) (groups[keyOf(item)] ??= []).push(item);',
    '  return groups;',
    '}',
    '',
    'export function chunk<T>(items: readonly T[], size: number): T[][] {',
    '  const chunks: T[][] = [];',
    '  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));',
    '  return chunks;',
    '}',
    '',
    'export function uniqueBy<T>(items: readonly T[], keyOf: (item: T) => string): T[] {',
    '  const seen = new Set<string>();',
    '  return items.filter((item) => (seen.has(keyOf(item)) ? false : (seen.add(keyOf(item)), true)));',
    '}',
  ),
  ids: lines(
    'let counter = 0;',
    '',
    '/** Sortable ids: time first, then a counter, so two ids made in one millisecond differ. */',
    'export function nextId(prefix: string): string {',
    '  counter = (counter + 1) % 1_000_000;',
    "  return `${prefix}_${Date.now().toString(36)}${counter.toString(36).padStart(4, '0')}`;",
    '}',
    '',
    'export const isId = (value: unknown, prefix: string): value is string => typeof value === "string" && value.startsWith(`${prefix}_`);',
  ),
};

// ------------------------------------------------------------------------------------ a service's core

export function configFile(service) {
  return lines(
    "export const PORT = Number(process.env.PORT ?? '8080');",
    "export const KAFKA_BROKERS = (process.env.KAFKA_BROKERS ?? 'localhost:9092').split(',');",
    service.clientFiles.map((client) => `export const ${constant(client.target.name)}_URL = process.env.${constant(client.target.name)}_URL ?? 'http://${client.target.name}:8080';`),
  );
}

export function kafkaFile(service) {
  return lines(
    "import { Kafka } from 'kafkajs';",
    "import { KAFKA_BROKERS } from './config';",
    '',
    `const kafka = new Kafka({ clientId: '${service.name}', brokers: KAFKA_BROKERS });`,
    '',
    'export const producer = kafka.producer({ idempotent: true });',
    `export const consumer = kafka.consumer({ groupId: '${service.name}' });`,
  );
}

export function publishFile(service) {
  return lines(
    "import { producer } from '../kafka';",
    '',
    'export interface DomainEvent {',
    '  id: string;',
    '  occurredAt: string;',
    '}',
    '',
    '/** Every event of the service goes through here, keyed by its entity so one entity\'s events stay in order. */',
    'export async function publish(topic: string, event: DomainEvent): Promise<void> {',
    `  await producer.send({ topic, messages: [{ key: event.id, value: JSON.stringify(event), headers: { source: '${service.name}' } }] });`,
    '}',
  );
}

export function loggerFile(scope, service) {
  return lines(`import { createLogger } from '@${scope}/common';`, '', `export const logger = createLogger('${service.name}');`);
}

export function errorsFile(service) {
  return lines(
    `export class ${service.pascal}Error extends Error {`,
    '  constructor(',
    '    message: string,',
    '    readonly status = 500,',
    '  ) {',
    '    super(message);',
    `    this.name = '${service.pascal}Error';`,
    '  }',
    '}',
    '',
    `export class NotFoundError extends ${service.pascal}Error {`,
    '  constructor(what: string, id: string) {',
    '    super(`${what} ${id} not found`, 404);',
    '  }',
    '}',
  );
}

export function mainFile(service) {
  const express = service.framework === 'express';
  const imports = [
    express ? "import express from 'express';" : "import fastify from 'fastify';",
    "import { PORT } from './config';",
    "import { consumer, producer } from './kafka';",
    "import { logger } from './logger';",
    ...service.routeFiles.map((file) => `import { ${file.exportName} } from './routes/${file.module}';`),
    ...service.consumerFiles.map((file) => `import { ${file.handlerName}, ${file.subscribeName} } from './consumers/${file.module}';`),
  ];
  const mount = express
    ? ['const app = express();', 'app.use(express.json());', ...service.routeFiles.map((file) => `app.use('/api', ${file.exportName});`)]
    : ['const app = fastify({ logger: false });', ...service.routeFiles.map((file) => `app.register(${file.exportName}, { prefix: '/api' });`)];
  const listen = express
    ? "  app.listen(PORT, () => logger.info(`listening on :${PORT}`));"
    : "  await app.listen({ port: PORT, host: '0.0.0.0' });";
  return lines(
    imports,
    '',
    mount,
    '',
    `const handlers = [${service.consumerFiles.map((file) => file.handlerName).join(', ')}];`,
    '',
    'async function start(): Promise<void> {',
    '  await producer.connect();',
    '  await consumer.connect();',
    service.consumerFiles.map((file) => `  await ${file.subscribeName}();`),
    '  await consumer.run({',
    '    eachMessage: async (payload) => {',
    '      for (const handle of handlers) if (await handle(payload)) return;',
    '      logger.warn(`no handler for ${payload.topic}`);',
    '    },',
    '  });',
    listen,
    '}',
    '',
    'start().catch((error: unknown) => {',
    "  logger.error('failed to start', error);",
    '  process.exitCode = 1;',
    '});',
  );
}

// ------------------------------------------------------------------------------ files with interactions

function routeHandlerExpress(route, entity, store) {
  const type = pascal(entity);
  switch (route.action) {
    case 'list':
      return [`${route.owner}.get('${route.localPath}', (_req, res) => {`, `  res.json([...${store}.values()]);`, '});'];
    case 'get':
      return [
        `${route.owner}.get('${route.localPath}', (req, res) => {`,
        `  const found = ${store}.get(req.params.id);`,
        '  if (found === undefined) {',
        `    res.status(404).json({ error: \`${entity} \${req.params.id} not found\` });`,
        '    return;',
        '  }',
        '  res.json(found);',
        '});',
      ];
    case 'create':
      return [
        `${route.owner}.post('${route.localPath}', (req, res) => {`,
        `  const input = req.body as Omit<${type}, 'id'>;`,
        `  const created: ${type} = { ...input, id: String(${store}.size + 1) };`,
        `  ${store}.set(created.id, created);`,
        '  res.status(201).json(created);',
        '});',
      ];
    case 'update':
      return [
        `${route.owner}.patch('${route.localPath}', (req, res) => {`,
        `  const current = ${store}.get(req.params.id);`,
        '  if (current === undefined) {',
        '    res.status(404).end();',
        '    return;',
        '  }',
        `  const updated: ${type} = { ...current, ...(req.body as Partial<${type}>), id: current.id };`,
        `  ${store}.set(updated.id, updated);`,
        '  res.json(updated);',
        '});',
      ];
    default:
      return [`${route.owner}.delete('${route.localPath}', (req, res) => {`, `  ${store}.delete(req.params.id);`, '  res.status(204).end();', '});'];
  }
}

function routeHandlerFastify(route, entity, store) {
  const type = pascal(entity);
  const method = { list: 'get', get: 'get', create: 'post', update: 'patch', remove: 'delete' }[route.action];
  const body = {
    list: [`  return [...${store}.values()];`],
    get: [
      '  const { id } = request.params as { id: string };',
      `  const found = ${store}.get(id);`,
      `  if (found === undefined) return reply.code(404).send({ error: \`${entity} \${id} not found\` });`,
      '  return found;',
    ],
    create: [
      `  const created: ${type} = { ...(request.body as Omit<${type}, 'id'>), id: String(${store}.size + 1) };`,
      `  ${store}.set(created.id, created);`,
      '  return reply.code(201).send(created);',
    ],
    update: [
      '  const { id } = request.params as { id: string };',
      `  const current = ${store}.get(id);`,
      '  if (current === undefined) return reply.code(404).send();',
      `  const updated: ${type} = { ...current, ...(request.body as Partial<${type}>), id };`,
      `  ${store}.set(id, updated);`,
      '  return updated;',
    ],
    remove: ['  const { id } = request.params as { id: string };', `  ${store}.delete(id);`, '  return reply.code(204).send();'],
  }[route.action];
  const usesReply = body.some((line) => line.includes('reply'));
  const usesRequest = body.some((line) => line.includes('request'));
  return [`  app.${method}('${route.localPath}', async (${usesRequest ? 'request' : '_request'}, ${usesReply ? 'reply' : '_reply'}) => {`, ...body.map((line) => `  ${line}`), '  });'];
}

export function routeFile(service, file) {
  const type = pascal(file.entity);
  const store = `${camel(plural(file.entity))}Store`;
  const head = [interfaceLines(type, file.fields, false), '', `const ${store} = new Map<string, ${type}>();`, ''];
  if (service.framework === 'express') {
    return lines(
      "import { Router } from 'express';",
      '',
      head,
      `export const ${file.exportName} = Router();`,
      '',
      file.routes.flatMap((route) => [...routeHandlerExpress({ ...route, owner: file.exportName }, file.entity, store), '']),
    );
  }
  return lines(
    "import type { FastifyInstance } from 'fastify';",
    '',
    head,
    `export async function ${file.exportName}(app: FastifyInstance): Promise<void> {`,
    file.routes.flatMap((route, index) => [...(index > 0 ? [''] : []), ...routeHandlerFastify(route, file.entity, store)]),
    '}',
  );
}

export function producerFile(scope, service, file) {
  const payload = `${pascal(file.entity)}EventPayload`;
  const usesWrapper = file.sends.some((send) => send.via === 'wrapper');
  const usesDirect = file.sends.some((send) => send.via === 'direct');
  const body = file.sends.flatMap((send) => {
    const name = `announce${pascal(send.topic.key)}`;
    const topic = `${service.pascal}Topics.${send.topic.key}`;
    const call =
      send.via === 'wrapper'
        ? [`  await publish(${topic}, event);`]
        : [
            '  await producer.send({',
            `    topic: ${topic},`,
            `    messages: [{ ${send.key ? 'key: event.id, ' : ''}value: JSON.stringify(event) }],`,
            '  });',
          ];
    return ['', `export async function ${name}(event: ${payload}): Promise<void> {`, ...call, '}'];
  });
  return lines(
    `import { ${service.pascal}Topics } from '@${scope}/topics';`,
    usesDirect ? ["import { producer } from '../kafka';"] : [],
    usesWrapper ? ["import { publish } from './publish';"] : [],
    '',
    `export interface ${payload} {`,
    '  id: string;',
    '  occurredAt: string;',
    file.fields.map((field) => `  ${field.name}: ${field.type};`),
    '}',
    body,
  );
}

export function consumerFile(scope, file) {
  const owners = [...new Set(file.topics.map((topic) => topic.owner.pascal))].sort();
  const reference = (topic) => `${topic.owner.pascal}Topics.${topic.key}`;
  const subscription =
    file.form === 'topics'
      ? [`  await consumer.subscribe({ topics: [${file.topics.map(reference).join(', ')}], fromBeginning: false });`]
      : file.topics.map((topic) => `  await consumer.subscribe({ topic: ${reference(topic)} });`);
  return lines(
    "import type { EachMessagePayload } from 'kafkajs';",
    `import { ${owners.map((owner) => `${owner}Topics`).join(', ')} } from '@${scope}/topics';`,
    "import { consumer } from '../kafka';",
    "import { logger } from '../logger';",
    '',
    `export async function ${file.subscribeName}(): Promise<void> {`,
    subscription,
    '}',
    '',
    '/** True when the message was for this module. */',
    `export async function ${file.handlerName}({ topic, message }: EachMessagePayload): Promise<boolean> {`,
    "  const body = message.value?.toString() ?? '';",
    '  switch (topic) {',
    file.topics.flatMap((topic) => [`    case ${reference(topic)}:`, `      logger.info(\`${file.entity}: \${topic} at \${message.offset}\`, body.length);`, '      return true;']),
    '    default:',
    '      return false;',
    '  }',
    '}',
  );
}

function clientMethod(call) {
  const type = pascal(call.entity);
  const name = `${call.action}${call.action === 'list' ? pascal(plural(call.entity)) : type}`;
  const url = call.path.includes(':id') ? `\`${call.path.replace(':id', '${encodeURIComponent(id)}')}\`` : `'${call.path}'`;
  const verb = { list: 'get', get: 'get', create: 'post', update: 'patch', remove: 'delete' }[call.action];
  const signature = {
    list: [`async ${name}(): Promise<${type}[]> {`, `const response = await this.http.get<${type}[]>(${url});`, 'return response.data;'],
    get: [`async ${name}(id: string): Promise<${type}> {`, `const response = await this.http.get<${type}>(${url});`, 'return response.data;'],
    create: [`async ${name}(input: Omit<${type}, 'id'>): Promise<${type}> {`, `const response = await this.http.post<${type}>(${url}, input);`, 'return response.data;'],
    update: [`async ${name}(id: string, patch: Partial<${type}>): Promise<${type}> {`, `const response = await this.http.patch<${type}>(${url}, patch);`, 'return response.data;'],
    remove: [`async ${name}(id: string): Promise<void> {`, `await this.http.${verb}(${url});`],
  }[call.action];
  return ['', `  ${signature[0]}`, ...signature.slice(1).map((line) => `    ${line}`), '  }'];
}

export function clientFile(file) {
  const target = file.target;
  const types = [...new Map(file.calls.map((call) => [call.entity, call])).values()];
  return lines(
    "import axios, { type AxiosInstance } from 'axios';",
    `import { ${constant(target.name)}_URL } from '../config';`,
    '',
    types.flatMap((call) => [...interfaceLines(pascal(call.entity), call.fields), '']),
    `/** The ${target.name} API. One instance per base URL: tests point it at a stub. */`,
    `export class ${file.className} {`,
    '  private readonly http: AxiosInstance;',
    '',
    '  constructor(baseURL: string) {',
    "    this.http = axios.create({ baseURL, timeout: 5_000, headers: { accept: 'application/json' } });",
    '  }',
    file.calls.flatMap(clientMethod),
    '}',
    '',
    `export const ${camel(file.className)} = new ${file.className}(${constant(target.name)}_URL);`,
  );
}

export function fetchFile(file) {
  const type = `${pascal(file.call.entity)}View`;
  const base = `${constant(file.target.name)}_BASE_URL`;
  return lines(
    `const ${base} = process.env.${constant(file.target.name)}_URL ?? 'http://${file.target.name}:8080';`,
    '',
    interfaceLines(type, file.call.fields),
    '',
    `/** Read-only look-up of a ${file.call.entity} in ${file.target.name}; undefined when it does not exist. */`,
    `export async function ${file.functionName}(id: string): Promise<${type} | undefined> {`,
    `  const response = await fetch(\`\${${base}}${file.call.path.replace(':id', '${encodeURIComponent(id)}')}\`, { headers: { accept: 'application/json' } });`,
    '  if (response.status === 404) return undefined;',
    `  if (!response.ok) throw new Error(\`${file.target.name} answered \${response.status}\`);`,
    `  return (await response.json()) as ${type};`,
    '}',
  );
}

// ------------------------------------------------------------------------- files without interactions

/** The body that differs by kind; every plain file also exports its record type, `create` and `describe`. */
function plainKindLines(file, type, scope) {
  const name = pascal(file.base);
  const numeric = file.fields.find((field) => field.type === 'number');
  switch (file.kind) {
    case 'repository':
      return [
        `export class ${name}Repository {`,
        `  private readonly rows = new Map<string, ${type}>();`,
        '',
        `  save(row: ${type}): ${type} {`,
        '    this.rows.set(row.id, row);',
        '    return row;',
        '  }',
        '',
        `  find(id: string): ${type} | undefined {`,
        '    return this.rows.get(id);',
        '  }',
        '',
        `  all(): ${type}[] {`,
        '    return [...this.rows.values()].sort((a, b) => a.id.localeCompare(b.id));',
        '  }',
        '}',
      ];
    case 'validator':
      return [
        `export function validate${name}(input: unknown): Result<${type}> {`,
        "  if (typeof input !== 'object' || input === null) return fail('expected an object');",
        `  const candidate = input as Partial<${type}>;`,
        "  if (typeof candidate.id !== 'string' || candidate.id.length === 0) return fail('id: expected a non-empty string');",
        ...file.fields
          .filter((field) => ['number', 'boolean', 'string'].includes(field.type))
          .map((field) => `  if (typeof candidate.${field.name} !== '${field.type}') return fail('${field.name}: expected a ${field.type}');`),
        `  return ok(create${type}({ ...candidate, id: candidate.id }));`,
        '}',
      ];
    case 'calculator':
      return numeric
        ? [
            `export function total${name}(rows: readonly ${type}[]): number {`,
            `  return rows.reduce((sum, row) => sum + row.${numeric.name}, 0);`,
            '}',
            '',
            `export function average${name}(rows: readonly ${type}[]): number {`,
            `  return rows.length === 0 ? 0 : total${name}(rows) / rows.length;`,
            '}',
          ]
        : [`export function count${name}(rows: readonly ${type}[]): number {`, '  return rows.length;', '}'];
    case 'mapper':
      return [
        `export interface ${name}Dto {`,
        '  id: string;',
        '  summary: string;',
        '}',
        '',
        `export function to${name}Dto(row: ${type}): ${name}Dto {`,
        `  return { id: row.id, summary: describe${type}(row) };`,
        '}',
        '',
        `export function to${name}Dtos(rows: readonly ${type}[]): ${name}Dto[] {`,
        `  return rows.map(to${name}Dto);`,
        '}',
      ];
    case 'policy':
      return [
        `export type ${name}Decision = { allowed: true } | { allowed: false; reason: string };`,
        '',
        `export function decide${name}(row: ${type}, limits: { maxAgeDays: number }): ${name}Decision {`,
        "  if (row.id.startsWith('blocked')) return { allowed: false, reason: 'blocked' };",
        "  return limits.maxAgeDays > 0 ? { allowed: true } : { allowed: false, reason: 'expired' };",
        '}',
      ];
    default:
      return [
        `export function index${name}(rows: readonly ${type}[]): Map<string, ${type}[]> {`,
        `  const index = new Map<string, ${type}[]>();`,
        '  for (const row of rows) {',
        '    const key = row.id.slice(0, 2);',
        '    index.set(key, [...(index.get(key) ?? []), row]);',
        '  }',
        '  return index;',
        '}',
        '',
        `export const chunk${name} = (rows: readonly ${type}[]) => chunk(rows, ${scope.length + 8});`,
      ];
  }
}

/**
 * A file with no HTTP call, no Kafka client and no route: a record type and functions over it, importing a
 * few other plain files (and the common package), as most files of a real service are.
 */
export function plainFile(scope, file) {
  const type = pascal(file.base);
  const common = file.kind === 'validator' ? ['Result', 'fail', 'ok'] : file.kind === 'index' ? ['chunk'] : [];
  const commonImport = common.length === 0 ? [] : [`import { ${common.map((name) => (name === 'Result' ? 'type Result' : name)).join(', ')} } from '${file.commonSpecifier ?? `@${scope}/common`}';`];
  const dependencies = file.dependencies.map((dependency) => `import { type ${pascal(dependency.base)}, describe${pascal(dependency.base)} } from '${dependency.specifier}';`);
  const linked = file.dependencies.length === 0
    ? []
    : [
        '',
        `export function link${type}(row: ${type}, ${file.dependencies.map((dependency) => `${camel(dependency.base)}: ${pascal(dependency.base)}`).join(', ')}): string {`,
        `  return [describe${type}(row), ${file.dependencies.map((dependency) => `describe${pascal(dependency.base)}(${camel(dependency.base)})`).join(', ')}].join(' -> ');`,
        '}',
      ];
  const described = file.fields.find((field) => field.type === 'string' || field.type === 'number') ?? { name: 'id' };
  return lines(
    [...commonImport, ...dependencies],
    commonImport.length + dependencies.length > 0 ? [''] : [],
    interfaceLines(type, file.fields),
    '',
    `export function create${type}(input: Partial<${type}> & { id: string }): ${type} {`,
    '  return {',
    '    id: input.id,',
    file.fields.map((field) => `    ${field.name}: input.${field.name} ?? ${defaultOf(field.type)},`),
    '  };',
    '}',
    '',
    `export function describe${type}(row: ${type}): string {`,
    `  return \`${file.base} \${row.id} (\${String(row.${described.name})})\`;`,
    '}',
    '',
    plainKindLines(file, type, scope),
    linked,
  );
}
