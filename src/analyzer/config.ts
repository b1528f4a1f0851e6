import path from 'node:path';
import { z } from 'zod';
import { ALL_CHECKS } from '../core/checks/index.js';
import { wrapperSchema } from '../core/detectors/configured-wrappers.js';
import type { Severity } from '../core/model/result.js';
import { REPOSITORY_URL } from '../package-info.js';
import { readConfigFile } from './config-file.js';
import { UsageError } from './errors.js';
import type { ProjectFiles } from './files.js';

/** The config found in the analysed folder without `--config`: data only, never code. */
export const CONFIG_FILE_NAME = 'service-map.config.json';
/** Configs that are code: loaded only when named with `--config`, never found by themselves. */
const CODE_CONFIG_NAMES = ['service-map.config.mjs', 'service-map.config.js', 'service-map.config.cjs'];

const severitySchema = z.enum(['off', 'warn', 'error']);
const ruleSettingSchema = z.union([severitySchema, z.tuple([severitySchema]), z.tuple([severitySchema, z.record(z.string(), z.unknown())])]);

/** What reaches a service when the code cannot say it: a host, an environment variable, a URL prefix. */
const linkSchema = z.union([
  z.object({ host: z.string().min(1), service: z.string().min(1) }).strict(),
  z.object({ env: z.string().min(1), service: z.string().min(1) }).strict(),
  z.object({ url: z.string().regex(/^[a-z][a-z0-9+.-]*:\/\//i, 'expected an absolute URL'), service: z.string().min(1) }).strict(),
]);

/** The config file: what code cannot say. Validated up front; every error names its path. */
export const configSchema = z
  .object({
    $schema: z.string().optional(),
    services: z
      .array(
        z
          .object({
            name: z.string().min(1).describe('The service name shown in the map and the output.'),
            root: z.string().min(1).describe('Its folder, relative to the analysed folder.'),
            hosts: z.array(z.string().min(1)).optional().describe('Extra host names that reach this service.'),
            environment: z
              .record(z.string(), z.string())
              .optional()
              .describe('Environment variables the service runs with; they win over docker-compose, Kubernetes and .env files.'),
          })
          .strict(),
      )
      .optional()
      .describe('Services the code cannot reveal, or other names for folders it finds.'),
    links: z.array(linkSchema).optional().describe('Hosts, environment variables and URL prefixes that reach a service.'),
    wrappers: z
      .array(wrapperSchema)
      .optional()
      .describe("The team's own functions that send, subscribe or request, when the library call inside them is not visible."),
    ignore: z.array(z.string()).optional().describe('Globs, relative to the analysed folder, of files to leave out.'),
    includeTests: z
      .boolean()
      .optional()
      .describe('Analyse tests, mocks, stories and seed/setup scripts too (left out by default: they are not what runs in production).'),
    rules: z
      .record(z.string(), ruleSettingSchema)
      .optional()
      .describe('Severity and options per check, ESLint style: "off", "warn", "error" or [severity, options].'),
  })
  .strict();

/** The JSON Schema of the config file, published as schema/service-map.config.schema.json. */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(configSchema, { target: 'draft-7', io: 'input' }),
    $id: `${REPOSITORY_URL}/blob/main/schema/service-map.config.schema.json`,
    title: 'service-map configuration',
  };
}

export type ServiceMapConfig = z.infer<typeof configSchema>;

export interface RuleSetting {
  readonly severity: Severity | 'off';
  readonly options: object;
}

export interface LoadedConfig {
  /** Absolute path, when a config file was read. */
  readonly file?: string;
  readonly config: ServiceMapConfig;
  readonly rules: ReadonlyMap<string, RuleSetting>;
}

function issuePath(pathParts: readonly PropertyKey[]): string {
  return pathParts.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`)).join('') || '(root)';
}

function fail(file: string, where: string, message: string): never {
  throw new UsageError(`${file}: ${where}: ${message}`);
}

/**
 * Reads `--config FILE` (JSON, or a JavaScript module the user trusts, as ESLint treats eslint.config.js), or
 * else `service-map.config.json` in the analysed folder, which is data: the analysed folder is untrusted, so
 * a `service-map.config.mjs` there is never run, only named in a note. Either way the result is validated.
 */
export async function loadConfig(files: ProjectFiles, explicit: string | undefined): Promise<LoadedConfig> {
  if (explicit === undefined) {
    for (const name of CODE_CONFIG_NAMES) {
      const found = path.join(files.root, name);
      if (files.isFile(found)) files.note(found, `not loaded: a JavaScript config is code, run only when named with --config ${name}`);
    }
  }
  const file = explicit !== undefined ? path.resolve(explicit) : path.join(files.root, CONFIG_FILE_NAME);
  const shown = explicit ?? CONFIG_FILE_NAME;
  const raw = await readConfigFile(files, file, shown, explicit !== undefined);
  if (raw === undefined) return { config: {}, rules: defaultRules() };
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    fail(shown, issuePath(issue.path), issue.message);
  }
  const config = parsed.data;
  return { file, config, rules: ruleSettings(shown, config) };
}

function defaultRules(): Map<string, RuleSetting> {
  return new Map(ALL_CHECKS.map((check) => [check.id, { severity: check.defaultSeverity, options: check.defaultOptions }]));
}

function ruleSettings(shown: string, config: ServiceMapConfig): Map<string, RuleSetting> {
  const rules = defaultRules();
  for (const [id, setting] of Object.entries(config.rules ?? {})) {
    const check = ALL_CHECKS.find((candidate) => candidate.id === id);
    if (check === undefined) fail(shown, `rules.${id}`, `unknown rule (known: ${ALL_CHECKS.map((c) => c.id).join(', ')})`);
    const [severity, options] = typeof setting === 'string' ? [setting, undefined] : setting;
    const parsedOptions = check.options.safeParse(options ?? {});
    if (!parsedOptions.success) {
      const issue = parsedOptions.error.issues[0]!;
      fail(shown, `rules.${id}[1]${issue.path.length > 0 ? `.${issuePath(issue.path)}` : ''}`, issue.message);
    }
    rules.set(id, { severity, options: parsedOptions.data });
  }
  return rules;
}
