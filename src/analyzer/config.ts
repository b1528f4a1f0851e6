import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { FILE_CHECKS } from '../core/checks/file/index.js';
import type { Severity } from '../core/model/result.js';
import { UsageError } from './errors.js';

export const CONFIG_FILE_NAMES = ['service-map.config.json'];

const severitySchema = z.enum(['off', 'warn', 'error']);
const ruleSettingSchema = z.union([severitySchema, z.tuple([severitySchema]), z.tuple([severitySchema, z.record(z.string(), z.unknown())])]);

/** The config file: what code cannot say. Validated up front; every error names its path. */
export const configSchema = z
  .object({
    $schema: z.string().optional(),
    /** Services the code cannot reveal, or other names for folders it finds. */
    services: z
      .array(
        z
          .object({
            name: z.string().min(1),
            /** Folder relative to the config file. */
            root: z.string().min(1),
            /** Extra host names that reach this service. */
            hosts: z.array(z.string().min(1)).optional(),
          })
          .strict(),
      )
      .optional(),
    /** Globs (relative to the analysed folder) of files to leave out. */
    ignore: z.array(z.string()).optional(),
    /** Analyse test files and mocks too (left out by default: they are not what runs). */
    includeTests: z.boolean().optional(),
    /** Severity and options per check, ESLint style: `"off"`, `"warn"`, `["error", { ...options }]`. */
    rules: z.record(z.string(), ruleSettingSchema).optional(),
  })
  .strict();

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

/** Reads `--config FILE`, or `service-map.config.json` in the analysed folder when there is one. */
export function loadConfig(root: string, explicit: string | undefined): LoadedConfig {
  const file = explicit !== undefined ? path.resolve(explicit) : CONFIG_FILE_NAMES.map((name) => path.join(root, name)).find((candidate) => fs.existsSync(candidate));
  if (file === undefined) return { config: {}, rules: defaultRules() };
  const shown = explicit ?? path.basename(file);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`${shown}: cannot read the config file`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${shown}: not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    fail(shown, issuePath(issue.path), issue.message);
  }
  const config = parsed.data;
  return { file, config, rules: ruleSettings(shown, config) };
}

function defaultRules(): Map<string, RuleSetting> {
  return new Map(FILE_CHECKS.map((check) => [check.id, { severity: check.defaultSeverity, options: check.defaultOptions }]));
}

function ruleSettings(shown: string, config: ServiceMapConfig): Map<string, RuleSetting> {
  const rules = defaultRules();
  for (const [id, setting] of Object.entries(config.rules ?? {})) {
    const check = FILE_CHECKS.find((candidate) => candidate.id === id);
    if (check === undefined) fail(shown, `rules.${id}`, `unknown rule (known: ${FILE_CHECKS.map((c) => c.id).join(', ')})`);
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
