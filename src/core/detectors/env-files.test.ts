import { describe, expect, it } from 'vitest';
import type { FileFacts } from '../model/facts.js';
import { scanUntyped, showValue } from '../../../test/helpers/scan.js';

/** `library Lline relativeTo:path | ...` for each env-file fact. */
function envFiles(facts: FileFacts): string[] {
  const sourceFile = facts.envFiles[0]?.node.getSourceFile();
  return facts.envFiles.map((fact) => {
    const line = sourceFile ? sourceFile.getLineAndCharacterOfPosition(fact.node.getStart()).line + 1 : 0;
    return `${fact.library} L${line} ${fact.files.map((file) => `${file.relativeTo}:${showValue(file.path)}`).join(' | ')}`;
  });
}

describe('env files the code loads', () => {
  it('ConfigModule.forRoot({ envFilePath }): a list, both branches of a conditional, unless ignoreEnvFile', () => {
    const facts = scanUntyped(
      `import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';

const configModule = ConfigModule.forRoot({
  envFilePath: process.env.NODE_ENV ? [\`../.env/.env.\${process.env.NODE_ENV}\`] : ['../.env/.env.development'],
  isGlobal: true,
});
export const local = ConfigModule.forRoot({ envFilePath: ['.env.local', '.env'] });
export const none = ConfigModule.forRoot({ ignoreEnvFile: true, envFilePath: '.env.never' });
export const defaults = ConfigModule.forRoot({ isGlobal: true });

@Module({ imports: [configModule] })
export class AppModule {}
`,
      'apps/configurator/src/app.module.ts',
    );
    expect(envFiles(facts)).toEqual([
      '@nestjs/config L4 working-directory:"../.env/.env."+env(NODE_ENV) | working-directory:"../.env/.env.development"',
      '@nestjs/config L8 working-directory:".env.local" | working-directory:".env"',
    ]);
  });

  it('dotenv.config({ path }): a string, path.resolve(__dirname, ...), path.join(process.cwd(), ...)', () => {
    const facts = scanUntyped(
      `import path from 'node:path';
import dotenv from 'dotenv';
import { config } from 'dotenv';

dotenv.config({ path: path.resolve(__dirname, '../../.env.shared') });
config({ path: path.join(process.cwd(), 'config', '.env') });
require('dotenv').config({ path: '.env.production' });
// Loads ./.env: the host reads it for every service already.
dotenv.config();
`,
      'services/orders/src/env.ts',
    );
    expect(envFiles(facts)).toEqual([
      'dotenv L5 file:"../../.env.shared"',
      'dotenv L6 working-directory:"config/.env"',
      'dotenv L7 working-directory:".env.production"',
    ]);
  });

  it('a config() or forRoot() that is not these libraries’ is not one', () => {
    const facts = scanUntyped(
      `import { config } from './settings';
import { ConfigModule } from './config.module';

config({ path: '.env.fake' });
export const module = ConfigModule.forRoot({ envFilePath: '.env.fake' });
`,
      'src/main.ts',
    );
    expect(envFiles(facts)).toEqual([]);
  });
});
