/**
 * The JSON output is valid and byte-identical whatever order the file system lists the files in: every
 * folder the analyzer lists (sources, manifests, compose, Kubernetes) comes back in a generated order,
 * and the files are created in a generated order, and the bytes must not change. A generated repository
 * has services that produce, consume and call each other, so ids, edges and findings all take part.
 */
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { fuzzOptions, fuzzTimeout } from '../helpers/fuzz.js';
import { run } from '../helpers/run-cli.js';

/**
 * Runs `work` while the file system lists every folder in the order `order` gives its entries (tinyglobby
 * and the compiler read folders through `fs.readdirSync`), then restores it. Patched on the `fs` object and
 * synced into the ES module bindings, since a module mock would not reach modules other test files already
 * loaded (test files share their module cache here).
 */
async function withListingOrder<T>(order: ((index: number) => number) | undefined, work: () => Promise<T>): Promise<T> {
  if (order === undefined) return work();
  const original = fs.readdirSync;
  const permuted = (...args: Parameters<typeof fs.readdirSync>) => {
    const entries = original(...args) as unknown[];
    return entries.map((entry, index) => ({ entry, key: order(index) })).sort((a, b) => a.key - b.key).map(({ entry }) => entry);
  };
  fs.readdirSync = permuted as typeof fs.readdirSync;
  syncBuiltinESMExports();
  try {
    return await work();
  } finally {
    fs.readdirSync = original;
    syncBuiltinESMExports();
  }
}

const SERVICES = ['orders', 'billing', 'mailer'];
const TOPICS = ['order.created', 'order.paid', 'mail.sent'];

interface GeneratedFile {
  readonly name: string;
  readonly text: string;
}

/** One source file of a service: a produce, a consume or an HTTP call to another service. */
const sourceFile: fc.Arbitrary<GeneratedFile> = fc
  .tuple(fc.constantFrom(...SERVICES), fc.constantFrom('produce', 'consume', 'http', 'broken'), fc.constantFrom(...TOPICS), fc.constantFrom(...SERVICES), fc.boolean(), fc.nat(99))
  .map(([service, kind, topic, target, keyed, n]) => {
    const body =
      kind === 'produce'
        ? `export const send${n} = (id: string) => producer.send({ topic: '${topic}', messages: [{ ${keyed ? 'key: id, ' : ''}value: id }] });`
        : kind === 'consume'
          ? `export const listen${n} = () => consumer.subscribe({ topic: '${topic}' });`
          : kind === 'http'
            ? `export const call${n} = () => axios.post('http://${target}:8080/api/${n}', {});`
            : // A file that does not parse: its note takes part in the order too.
              `export const broken${n} = (;`;
    const text = `import { Kafka } from 'kafkajs';\nimport axios from 'axios';\nconst kafka = new Kafka({ brokers: ['k:9092'] });\nconst producer = kafka.producer();\nconst consumer = kafka.consumer({ groupId: '${service}' });\n${body}\n`;
    return { name: `${service}/src/f${n}-${kind}.ts`, text };
  });

const repository = fc.uniqueArray(sourceFile, { minLength: 2, maxLength: 6, selector: (file) => file.name }).map((files) => [
  ...SERVICES.map((service) => ({ name: `${service}/package.json`, text: JSON.stringify({ name: service }) })),
  { name: 'docker-compose.yml', text: `services:\n${SERVICES.map((service) => `  ${service}:\n    build: ./${service}\n`).join('')}` },
  ...files,
]);

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
});

/** Writes the files in the given order into a new folder of the same name each time (paths are in the output). */
function write(files: readonly GeneratedFile[], order: readonly number[]): string {
  const root = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'service-map-order-')), 'repo');
  folders.push(path.dirname(root));
  for (const index of order) {
    const file = files[index]!;
    fs.mkdirSync(path.dirname(path.join(root, file.name)), { recursive: true });
    fs.writeFileSync(path.join(root, file.name), file.text);
  }
  return root;
}

async function analyzeJson(root: string, order: ((index: number) => number) | undefined): Promise<string> {
  const { exitCode, stdout } = await withListingOrder(order, () => run(['analyze', root, '--format', 'json', '--fail-on', 'never']));
  expect(exitCode).toBe(0);
  JSON.parse(stdout);
  // The folder's own name is the one part that differs between the two folders.
  return stdout.replaceAll(path.basename(path.dirname(root)), 'FOLDER');
}

describe('JSON output under any file order (property-based)', () => {
  it('is valid and byte-identical whatever order files are created and listed in', async () => {
    await fc.assert(
      fc.asyncProperty(
        repository.chain((files) => fc.tuple(fc.constant(files), fc.shuffledSubarray([...files.keys()], { minLength: files.length, maxLength: files.length }))),
        fc.func(fc.integer()),
        async ([files, creationOrder], listingOrder) => {
          const inOrder = await analyzeJson(write(files, [...files.keys()]), undefined);
          const shuffled = await analyzeJson(write(files, creationOrder), listingOrder);
          expect(shuffled).toBe(inOrder);
        },
      ),
      fuzzOptions(4),
    );
  }, fuzzTimeout(60_000));
});
