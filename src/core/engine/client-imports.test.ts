import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { DETECTORS } from '../detectors/index.js';
import { clientImports } from './client-imports.js';
import { buildFileIndex } from './file-index.js';

/** The client libraries a file uses, as `module kind line`. */
function clients(code: string, fileName = 'file.ts'): string[] {
  const sourceFile = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, true, fileName.endsWith('.js') ? ts.ScriptKind.JS : ts.ScriptKind.TS);
  return clientImports(ts, buildFileIndex(ts, sourceFile), DETECTORS).map(
    (client) => `${client.module} ${client.kind} L${sourceFile.getLineAndCharacterOfPosition(client.node.getStart()).line + 1}`,
  );
}

describe('client libraries a file uses (what an empty map must explain)', () => {
  it('a client built through a table of the module’s exports is a use', () => {
    expect(
      clients(
        `const kafkajs = require('kafkajs');
const factories = {};
for (const name of Object.keys(kafkajs)) factories[name] = kafkajs[name];
`,
        'bootstrap.js',
      ),
    ).toEqual(['kafkajs kafka L1']);
  });

  it('ordinary clients: kafkajs, node-rdkafka, axios, got', () => {
    expect(clients(`import { Kafka } from 'kafkajs';\nexport const producer = new Kafka({ brokers: [] }).producer();\n`)).toEqual(['kafkajs kafka L1']);
    expect(clients(`const Kafka = require('node-rdkafka');\nmodule.exports = new Kafka.Producer({});\n`, 'p.js')).toEqual(['node-rdkafka kafka L1']);
    expect(clients(`import axios from 'axios';\nimport got from 'got';\nexport const a = axios.create({});\nexport const g = got.extend({});\n`)).toEqual([
      'axios http L1',
      'got http L2',
    ]);
  });

  it('types only: `import type`, and names used only in annotations', () => {
    expect(clients(`import type { Producer } from 'kafkajs';\nexport function f(p: Producer) { return p; }\n`)).toEqual([]);
    expect(
      clients(`import { Consumer, EachMessagePayload, Producer } from 'kafkajs';
export class Handler {
  constructor(private readonly producer: Producer, private readonly consumer: Consumer) {}
  handle(payload: EachMessagePayload): typeof payload { return payload; }
}
`),
    ).toEqual([]);
    expect(clients(`import { type AxiosInstance } from 'axios';\nexport let client: AxiosInstance | undefined;\n`)).toEqual([]);
  });

  it('administration only: topics created, nothing sent or received', () => {
    expect(
      clients(`import { Kafka } from 'kafkajs';
const admin = new Kafka({ brokers: ['kafka:9092'] }).admin();
export async function createTopics() {
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'orders' }] });
}
`),
    ).toEqual([]);
    expect(clients(`const Kafka = require('node-rdkafka');\nconst admin = Kafka.AdminClient.create({});\nadmin.createTopic({ topic: 'x' }, () => {});\n`, 'a.js')).toEqual([]);
    // A producer beside the admin client makes it a client again.
    expect(clients(`import { Kafka } from 'kafkajs';\nconst kafka = new Kafka({ brokers: [] });\nexport const admin = kafka.admin();\nexport const producer = kafka.producer();\n`)).toEqual([
      'kafkajs kafka L1',
    ]);
  });

  it('helpers only: error checks and constants make no request', () => {
    expect(clients(`import axios from 'axios';\nexport const isHttp = (e: unknown) => axios.isAxiosError(e);\n`)).toEqual([]);
    expect(clients(`import { isAxiosError } from 'axios';\nexport const isHttp = (e: unknown) => isAxiosError(e);\n`)).toEqual([]);
    expect(clients(`import { logLevel } from 'kafkajs';\nexport const level = logLevel.WARN;\n`)).toEqual([]);
  });

  it('NestJS microservices count as a Kafka client only where the file names Kafka', () => {
    expect(clients(`import { ClientsModule, Transport } from '@nestjs/microservices';\nexport const m = ClientsModule.register([{ name: 'X', transport: Transport.TCP }]);\n`)).toEqual([]);
    expect(clients(`import { ClientsModule, Transport } from '@nestjs/microservices';\nexport const m = ClientsModule.register([{ name: 'X', transport: Transport.KAFKA }]);\n`)).toEqual([
      '@nestjs/microservices kafka L1',
    ]);
  });

  it('servers and libraries of no client kind are not counted', () => {
    expect(clients(`import express from 'express';\nimport http from 'node:http';\nexport const server = http.createServer(express());\n`)).toEqual([]);
  });
});
