import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { createVirtualProgram, VIRTUAL_ROOT } from '../../../test/helpers/scan.js';
import { scanSourceFile } from './scan-source-file.js';

// A producer only its type names: no `new Kafka()`, no annotation in the file, so tracing finds nothing and
// the checker's answer (its type comes from node_modules/kafkajs) decides.
const FILES = {
  'node_modules/kafkajs/index.d.ts': `
export declare class Producer { send(record: { topic: string; messages: { value: string }[] }): Promise<void>; }
`,
  'src/wiring.ts': `
import type { Producer } from 'kafkajs';
declare function lookUp(name: string): unknown;
export const holder = lookUp('producer') as { readonly producer: Producer };
`,
  'src/main.ts': `
import { holder } from './wiring';
const { producer } = holder;
export async function publish() {
  await producer.send({ topic: 'orders.placed', messages: [{ value: 'x' }] });
}
`,
};

// One program for the three scans: each scan makes its own classifier, so nothing of one leaks into another.
let shared: ts.Program | undefined;
function scanMain(declaredPackages?: ReadonlySet<string>) {
  const program = (shared ??= createVirtualProgram(FILES).program);
  const checker = program.getTypeChecker();
  let typeQuestions = 0;
  const counting = new Proxy(checker, {
    get(target, property, receiver) {
      if (property === 'getTypeAtLocation') {
        return (node: ts.Node) => {
          typeQuestions++;
          return target.getTypeAtLocation(node);
        };
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
  const sourceFile = program.getSourceFile(path.join(VIRTUAL_ROOT, 'src/main.ts'))!;
  const facts = scanSourceFile({ ts, sourceFile, checker: counting, ...(declaredPackages ? { declaredPackages } : {}), onDetectorError: (error) => { throw error; } });
  return { topics: facts.produces.map((produce) => produce.topic), typeQuestions };
}

describe('clients recognised by their library type', () => {
  it('asks the checker when the host cannot say which packages are loaded (ESLint)', () => {
    const { topics, typeQuestions } = scanMain();
    expect(topics).toEqual([expect.objectContaining({ value: 'orders.placed' })]);
    expect(typeQuestions).toBeGreaterThan(0);
  });

  it('asks it when the program holds the library', () => {
    expect(scanMain(new Set(['kafkajs'])).topics).toEqual([expect.objectContaining({ value: 'orders.placed' })]);
  });

  it('does not ask it about receivers when no known library is loaded: it could only answer any', () => {
    const { topics, typeQuestions } = scanMain(new Set(['typescript', 'node']));
    expect(topics).toEqual([]);
    expect(typeQuestions).toBe(0);
  });
});
