import fs from 'node:fs';
import { createRequire } from 'node:module';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../core/model/result.js';
import { findingFingerprint, normaliseMessage } from './fingerprint.js';
import type { RuleDescription } from './reporter.js';
import { analysisResult, finding, produce, service } from './result-builders.test-support.js';
import { renderSarif } from './sarif.js';

/**
 * The SARIF 2.1.0 JSON Schema (draft-04) as SchemaStore publishes it (`sarif-2.1.0-rtm.5`, the release the
 * OASIS standard was approved from), shipped inside the npm package @microsoft/jest-sarif (MIT), a pinned
 * devDependency used for nothing else.
 */
const SCHEMA_FILE = createRequire(import.meta.url).resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
// The schema's `language` pattern (`...-[a-zA-Z]{2}]?$`) is valid only without the `u` flag.
// Both are CommonJS with `exports.default`: under NodeNext the default import is the module object.
const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
ajvFormats.default(ajv);
const validateSarif = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as object);

function expectValidSarif(text: string): SarifLog {
  const log = JSON.parse(text) as SarifLog;
  const valid = validateSarif(log);
  expect(validateSarif.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
  return log;
}

interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; version?: string; rules: { id: string; helpUri?: string; shortDescription?: { text: string }; defaultConfiguration?: { level: string } }[] } };
    invocations: { toolExecutionNotifications: { message: { text: string } }[] }[];
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> } }[];
      partialFingerprints: Record<string, string>;
    }[];
  }[];
}

const RULES: RuleDescription[] = [
  { id: 'require-partition-key', description: 'Require a partition key', defaultSeverity: 'error', docsUrl: 'https://example.test/rules/require-partition-key.md' },
  { id: 'no-orphan-topic', description: 'Report orphan topics', defaultSeverity: 'warn', docsUrl: 'https://example.test/rules/no-orphan-topic.md' },
];

function withFindings(findings: AnalysisResult['findings'], diagnostics: AnalysisResult['diagnostics'] = []): AnalysisResult {
  return { ...analysisResult({ services: [service('orders')], interactions: [produce('p1', 'orders', 'order.created')], findings }), diagnostics };
}

const located = (file: string, line: number, message = "Message to 'order.created' has no partition key"): AnalysisResult['findings'][number] => ({
  ...finding('require-partition-key', 'error', 'orders', 'p1'),
  message,
  location: { file, line, column: 9, endLine: line + 2, endColumn: 4 },
});

describe('renderSarif', () => {
  it('is valid SARIF 2.1.0 with rules, levels, regions and fingerprints', () => {
    const result = withFindings(
      [
        located('services/orders/src/kafka.ts', 20),
        { ...finding('no-orphan-topic', 'warn', 'orders', 'p1'), location: { file: 'services/orders/src/kafka.ts', line: 4, column: 1 } },
        // A rule the options do not describe still gets an entry.
        { ...finding('custom-rule', 'error', null), location: { file: 'src/a b/ü#x.ts', line: 1, column: 1 } },
      ],
      [{ file: 'src/broken.ts', line: 3, message: 'does not parse, skipped' }],
    );
    const log = expectValidSarif(renderSarif(result, { rules: RULES, toolVersion: '1.2.3' }).output);
    const [run] = log.runs;
    expect(run?.tool.driver.name).toBe('service-map');
    expect(run?.tool.driver.version).toBe('1.2.3');
    expect(run?.tool.driver.rules).toEqual([
      { id: 'custom-rule', defaultConfiguration: { level: 'error' } },
      { id: 'no-orphan-topic', shortDescription: { text: 'Report orphan topics' }, helpUri: 'https://example.test/rules/no-orphan-topic.md', defaultConfiguration: { level: 'warning' } },
      { id: 'require-partition-key', shortDescription: { text: 'Require a partition key' }, helpUri: 'https://example.test/rules/require-partition-key.md', defaultConfiguration: { level: 'error' } },
    ]);
    const results = run?.results ?? [];
    expect(results.map((item) => [item.ruleId, item.ruleIndex, item.level, item.locations[0]?.physicalLocation.artifactLocation.uri])).toEqual([
      ['no-orphan-topic', 1, 'warning', 'services/orders/src/kafka.ts'],
      ['require-partition-key', 2, 'error', 'services/orders/src/kafka.ts'],
      ['custom-rule', 0, 'error', 'src/a%20b/%C3%BC%23x.ts'],
    ]);
    expect(results[1]?.locations[0]?.physicalLocation.region).toEqual({ startLine: 20, startColumn: 9, endLine: 22, endColumn: 4 });
    expect(run?.invocations[0]?.toolExecutionNotifications.map((note) => note.message.text)).toEqual(['does not parse, skipped']);
  });

  it('is valid with no findings and no rules', () => {
    const log = expectValidSarif(renderSarif(withFindings([])).output);
    expect(log.runs[0]?.results).toEqual([]);
  });

  it('keeps fingerprints when lines move, and tells twins in one file apart', () => {
    const before = withFindings([located('a.ts', 10), located('a.ts', 30), located('b.ts', 5)]);
    const after = withFindings([located('a.ts', 14), located('a.ts', 41), located('b.ts', 5)]);
    const fingerprints = (result: AnalysisResult): string[] =>
      (JSON.parse(renderSarif(result).output) as SarifLog).runs[0]?.results.map((item) => item.partialFingerprints['serviceMapFinding/v1'] ?? '') ?? [];
    expect(fingerprints(after)).toEqual(fingerprints(before));
    const [first, second, third] = fingerprints(before);
    expect(first?.replace(/:1$/u, ':2')).toBe(second);
    expect(third).not.toBe(first);
    // Another message in the same file and rule is another finding.
    expect(findingFingerprint(located('a.ts', 10, "Message to 'x' has no partition key"))).not.toBe(findingFingerprint(located('a.ts', 10)));
  });

  it('normalises whitespace and positions out of messages', () => {
    expect(normaliseMessage('Cycle:  a.ts:12:3 ->\n b.ts:4 on line 7')).toBe('Cycle: a.ts -> b.ts on line');
  });

  it('keeps exact strings (JSON escapes control characters itself)', () => {
    const hostile = "Message to 'a\u001b[31m\nb' has no key";
    const log = expectValidSarif(renderSarif(withFindings([located('x.ts', 1, hostile)])).output);
    expect(log.runs[0]?.results[0]?.message.text).toBe(hostile);
  });
});
