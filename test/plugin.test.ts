import fs from 'node:fs';
import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../src/analyzer/config.js';
import { z } from 'zod';
import { FILE_CHECKS, PROJECT_CHECKS } from '../src/core/checks/index.js';
import { DEFAULT_EVENT_FIELDS } from '../src/core/checks/file/no-commands-in-events.js';
import { DEFAULT_CORRELATION_FIELDS } from '../src/core/checks/payload.js';
import { DEFAULT_COMMAND_VERBS } from '../src/core/checks/vocabulary.js';
import { plugin } from '../src/eslint-plugin/plugin.js';
import { REPO_ROOT } from './helpers/paths.js';
import { code, TYPED_FILE, TYPED_ROOT } from './rules/tester.js';

/** The sections every rule doc has, in this order. */
const SECTIONS = ['Why', 'Bad', 'Good', 'Options', 'What it sees', 'When not to use it'];

const docPath = (id: string) => path.join(REPO_ROOT, 'rules', `${id}.md`);
const readDoc = (id: string) => fs.readFileSync(docPath(id), 'utf8');
const withoutCode = (markdown: string) => markdown.replace(/^```[\s\S]*?^```$/gm, '');

/** The text of one `## ` section (code blocks included), up to the next. */
function section(markdown: string, title: string): string {
  const start = markdown.indexOf(`\n## ${title}\n`);
  if (start < 0) return '';
  const next = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, next < 0 ? undefined : next);
}

/** The table row of an option: `| \`name\` | ... |`. */
function optionRow(markdown: string, option: string): string {
  return section(markdown, 'Options').split('\n').find((line) => line.startsWith(`| \`${option}\` |`)) ?? '';
}

function optionKeys(id: string): string[] {
  const schema = plugin.rules[id]?.meta.schema;
  const first = Array.isArray(schema) ? (schema[0] as { properties?: Record<string, unknown> } | undefined) : undefined;
  return Object.keys(first?.properties ?? {});
}

const ruleIds = Object.keys(plugin.rules);

describe('the plugin and its checks', () => {
  it('has one rule per file check, and nothing else', () => {
    expect(ruleIds.sort()).toEqual(FILE_CHECKS.map((check) => check.id).sort());
  });

  it.each(FILE_CHECKS.map((check) => [check.id, check] as const))('%s: meta says what the check says', (id, check) => {
    const rule = plugin.rules[id]!;
    expect(rule.meta.type).toBe('problem');
    expect(rule.meta.docs?.description).toBe(check.description);
    expect(rule.meta.docs?.url).toMatch(new RegExp(`(^|/)rules/${id}\\.md$`));
    expect(rule.meta.messages).toEqual(check.messages);
    expect(optionKeys(id).sort()).toEqual(Object.keys((check.options as unknown as { shape: object }).shape).sort());
  });
});

describe('configs', () => {
  const expectedRules = Object.fromEntries(FILE_CHECKS.filter((check) => check.recommended).map((check) => [`service-map/${check.id}`, check.defaultSeverity]));

  it('recommended enables exactly the recommended checks, at their default severity', () => {
    expect(plugin.configs.recommended.rules).toEqual(expectedRules);
    expect(plugin.configs.recommended.plugins?.['service-map']).toBe(plugin);
    expect(plugin.configs.recommended.languageOptions).toBeUndefined();
  });

  it('recommended-type-checked has the same rules and turns on the project service', () => {
    const typed = plugin.configs['recommended-type-checked'];
    expect(typed.rules).toEqual(expectedRules);
    expect(typed.plugins?.['service-map']).toBe(plugin);
    expect(typed.languageOptions).toEqual({ parserOptions: { projectService: true } });
  });
});

describe.each(ruleIds)('rules/%s.md', (id) => {
  const check = FILE_CHECKS.find((candidate) => candidate.id === id)!;

  it('exists, where meta.docs.url points', () => {
    expect(fs.existsSync(docPath(id))).toBe(true);
    expect(plugin.rules[id]?.meta.docs?.url).toMatch(new RegExp(`/rules/${id}\\.md$`));
  });

  it('has the title, a one-line summary and the sections in order', () => {
    const doc = readDoc(id);
    const [title, blank, summary, afterSummary] = doc.split('\n');
    expect(title).toBe(`# ${id}`);
    expect(blank).toBe('');
    expect(summary).toBe(`${check.description}.`);
    expect(afterSummary).toBe('');
    const headings = withoutCode(doc)
      .split('\n')
      .filter((line) => line.startsWith('#'))
      .map((line) => line.replace(/^#+ /, ''));
    expect(headings).toEqual([id, ...SECTIONS]);
    for (const title of SECTIONS) expect(section(doc, title).trim().length, title).toBeGreaterThan(`## ${title}`.length + 40);
  });

  it('documents every option key of the schema in the Options table', () => {
    const doc = readDoc(id);
    for (const key of optionKeys(id)) expect(optionRow(doc, key), key).not.toBe('');
  });

  it('states the default severity', () => {
    expect(section(readDoc(id), 'Why')).toContain(`Default severity: \`${check.defaultSeverity}\``);
  });

  it('gives ESLint and CLI config examples that the schemas accept', () => {
    const doc = readDoc(id);
    expect(doc).toContain(`'service-map/${id}': [`);
    const blocks = [...doc.matchAll(/^```json\n([\s\S]*?)^```$/gm)].map((match) => JSON.parse(match[1]!) as unknown);
    const configs = blocks.filter((block): block is { rules: Record<string, unknown> } => typeof block === 'object' && block !== null && 'rules' in block);
    expect(configs.length).toBeGreaterThan(0);
    for (const config of configs) {
      const parsed = configSchema.parse(config);
      const setting = parsed.rules?.[id];
      expect(Array.isArray(setting)).toBe(true);
      const options = (setting as unknown[])[1];
      expect(check.options.safeParse(options).success).toBe(true);
    }
  });
});

describe('the docs quote the defaults of the code', () => {
  const quoted = (values: readonly string[]) => `\`[${values.map((value) => `'${value}'`).join(', ')}]\``;

  it('no-commands-in-events: field lists and command verbs', () => {
    const doc = readDoc('no-commands-in-events');
    for (const [option, values] of Object.entries(DEFAULT_EVENT_FIELDS)) expect(optionRow(doc, option)).toContain(quoted(values));
    const verbs = /The default `commandVerbs`: ([^.]*)\./.exec(section(doc, 'Options'))?.[1] ?? '';
    expect(verbs.replace(/\s+/g, ' ').split(', ')).toEqual(DEFAULT_COMMAND_VERBS.map((verb) => `\`${verb}\``));
  });

  it('no-request-reply-over-kafka: correlation fields', () => {
    expect(optionRow(readDoc('no-request-reply-over-kafka'), 'correlationFields')).toContain(quoted(DEFAULT_CORRELATION_FIELDS));
  });

  it('require-partition-key: ignores nothing by default', () => {
    expect(optionRow(readDoc('require-partition-key'), 'ignoreTopics')).toContain('| `[]` |');
  });
});

describe('the flat configs, end to end through ESLint', () => {
  const service = code`
    import { Inject, Injectable } from '@nestjs/common';
    import { ClientKafka } from '@nestjs/microservices';
    import { firstValueFrom } from 'rxjs';

    @Injectable()
    export class OrdersService {
      constructor(@Inject('ORDERS_KAFKA') private readonly kafka: ClientKafka) {}

      confirm(orderId: string) {
        this.kafka.emit('order.confirmed', { orderId, action: 'SEND_EMAIL' });
        return firstValueFrom(this.kafka.send('get.user', { key: orderId, value: orderId }));
      }
    }
  `;
  const summarize = (messages: Linter.LintMessage[]) => messages.map((message) => `${message.line}:${message.column} ${message.severity} ${message.ruleId ?? message.message}`);

  it('recommended, with the typescript-eslint parser and no type information', async () => {
    const eslint = new ESLint({
      cwd: REPO_ROOT,
      overrideConfigFile: true,
      overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, plugin.configs.recommended as Linter.Config],
    });
    const [result] = await eslint.lintText(service, { filePath: path.join(REPO_ROOT, 'src/orders/orders.service.ts') });
    expect(summarize(result!.messages)).toEqual([
      '10:40 2 service-map/require-partition-key',
      '10:51 1 service-map/no-commands-in-events',
      '11:27 2 service-map/no-request-reply-over-kafka',
    ]);
  });

  it("takes the team's wrappers from settings['service-map'], the CLI config's shape, and rejects a bad declaration", async () => {
    const text = code`
      import type { EventBus } from './bus.js';
      export async function placed(bus: EventBus, id: string) {
        await bus.publish({ topic: 'order.placed', payload: { id } });
        await bus.publish({ topic: 'order.paid', key: id, payload: { id } });
      }
    `;
    const lint = async (settings: Record<string, unknown>) => {
      const eslint = new ESLint({
        cwd: REPO_ROOT,
        overrideConfigFile: true,
        overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser }, settings }, plugin.configs.recommended as Linter.Config],
      });
      const [result] = await eslint.lintText(text, { filePath: path.join(REPO_ROOT, 'src/orders/placed.ts') });
      return summarize(result!.messages);
    };
    const wrappers = [{ kind: 'produce', function: 'EventBus.publish', topic: '0.topic', key: '0.key' }];
    expect(await lint({ 'service-map': { wrappers } })).toEqual(['3:9 2 service-map/require-partition-key']);
    expect(await lint({})).toEqual([]);
    await expect(lint({ 'service-map': { wrappers: [{ kind: 'produce', function: 'EventBus.publish', topic: 'x' }] } })).rejects.toThrow(
      /settings\['service-map'\]\.wrappers\.0\.topic: expected an argument index/,
    );
  });

  it('recommended-type-checked sees what only types show (a producer from another file)', async () => {
    const text = code`
      import { producer } from './kafka-client.js';

      export async function registered(userId: string) {
        await producer.send({ topic: 'user-registered', messages: [{ value: userId }] });
      }
    `;
    const lint = async (config: Linter.Config) => {
      const eslint = new ESLint({
        cwd: TYPED_ROOT,
        overrideConfigFile: true,
        overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser, parserOptions: { tsconfigRootDir: TYPED_ROOT } } }, config],
      });
      const [result] = await eslint.lintText(text, { filePath: TYPED_FILE });
      return summarize(result!.messages);
    };
    expect(await lint(plugin.configs['recommended-type-checked'] as Linter.Config)).toEqual(['4:62 2 service-map/require-partition-key']);
    expect(await lint(plugin.configs.recommended as Linter.Config)).toEqual([]);
  });
});

describe.each(PROJECT_CHECKS.map((check) => check.id))('rules/%s.md (a CLI-only check)', (id) => {
  const check = PROJECT_CHECKS.find((candidate) => candidate.id === id)!;

  it('is not an ESLint rule', () => {
    expect(plugin.rules[id]).toBeUndefined();
  });

  it('has the title, a one-line summary, the sections in order, and its default severity', () => {
    const doc = readDoc(id);
    const [title, blank, summary] = doc.split('\n');
    expect([title, blank, summary]).toEqual([`# ${id}`, '', `${check.description}.`]);
    const headings = withoutCode(doc)
      .split('\n')
      .filter((line) => line.startsWith('#'))
      .map((line) => line.replace(/^#+ /, ''));
    expect(headings).toEqual([id, ...SECTIONS]);
    expect(section(doc, 'Why')).toContain(`Default severity: \`${check.defaultSeverity}\``);
  });

  it('documents every option and gives a CLI config example the schemas accept', () => {
    const doc = readDoc(id);
    const schema = z.toJSONSchema(check.options) as { properties?: Record<string, unknown> };
    for (const key of Object.keys(schema.properties ?? {})) expect(optionRow(doc, key), key).not.toBe('');
    const blocks = [...doc.matchAll(/^```json\n([\s\S]*?)^```$/gm)].map((match) => JSON.parse(match[1]!) as unknown);
    const configs = blocks.filter((block): block is { rules: Record<string, unknown> } => typeof block === 'object' && block !== null && 'rules' in block);
    expect(configs.length).toBeGreaterThan(0);
    for (const config of configs) {
      const setting = configSchema.parse(config).rules?.[id];
      const options = Array.isArray(setting) ? setting[1] : undefined;
      expect(check.options.safeParse(options ?? {}).success).toBe(true);
    }
  });
});
