/**
 * The JSON output is valid and byte-identical whatever order the file system lists the files in: every
 * listing the analyzer asks for (sources, manifests, compose, Kubernetes) comes back in a generated order,
 * and the files are created in a generated order, and the bytes must not change. A generated repository
 * has services that produce, consume and call each other, so ids, edges and findings all take part.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { fuzzOptions, fuzzTimeout } from '../helpers/fuzz.js';
import { run } from '../helpers/run-cli.js';

type GlobOptions = import('tinyglobby').GlobOptions;

const listing = vi.hoisted(() => ({ order: undefined as ((index: number) => number) | undefined }));

vi.mock('tinyglobby', async (importOriginal) => {
  const original = await importOriginal<typeof import('tinyglobby')>();
  return {
    ...original,
    globSync: (patterns: string[], options: GlobOptions) => {
      const found = original.globSync(patterns, options);
      const order = listing.order;
      if (order === undefined) return found;
      return found.map((file, index) => ({ file, key: order(index) })).sort((a, b) => a.key - b.key).map(({ file }) => file);
    },
  };
});

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
  listing.order = order;
  try {
    const { exitCode, stdout } = await run(['analyze', root, '--format', 'json', '--fail-on', 'never']);
    expect(exitCode).toBe(0);
    JSON.parse(stdout);
    // The folder's own name is the one part that differs between the two folders.
    return stdout.replaceAll(path.basename(path.dirname(root)), 'FOLDER');
  } finally {
    listing.order = undefined;
  }
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
