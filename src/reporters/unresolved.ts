import { compareStrings } from '../core/model/compare.js';
import type { AnalysisResult, Interaction } from '../core/model/result.js';

/**
 * The interactions the map cannot place (a URL whose host is computed, a topic from a parameter), each with
 * why, and the config entry that would place it when there is one: what a user needs to finish the map.
 */
export interface UnresolvedInteraction {
  readonly interaction: Interaction;
  /** What is missing, as the analyzer recorded it (the source text or the reason). */
  readonly reason: string;
  /** A `service-map.config.json` entry that would resolve it, as JSON text; `undefined` when none would. */
  readonly fix?: string;
  /** When no entry resolves it, what would. */
  readonly note?: string;
}

/** `process.env.X`, `process.env['X']`, `import.meta.env.X`, `config.get('X')`: the variable a value is read from. */
const ENV_READ = /process\.env\.([A-Za-z_]\w*)|process\.env\[\s*['"]([^'"]+)['"]\s*\]|import\.meta\.env\.([A-Za-z_]\w*)|\.get(?:OrThrow)?(?:<[^>]*>)?\(\s*['"]([A-Za-z_][\w.]*)['"]/;
const LOOPBACK_URL = /^(https?:\/\/(?:localhost|127\.0\.0\.1|\[::1\]|0\.0\.0\.0)(?::\d+)?)/i;

function environmentVariable(text: string): string | undefined {
  const match = ENV_READ.exec(text);
  return match ? (match[1] ?? match[2] ?? match[3] ?? match[4]) : undefined;
}

function httpHint(interaction: Extract<Interaction, { kind: 'http' }>, reason: string): Pick<UnresolvedInteraction, 'fix' | 'note'> {
  const variable = environmentVariable(`${reason} ${interaction.url ?? ''}`);
  if (variable !== undefined) return { fix: `"links": [{ "env": "${variable}", "service": "<the service it reaches>" }]` };
  const loopback = interaction.url === null ? null : LOOPBACK_URL.exec(interaction.url);
  if (loopback) return { fix: `"links": [{ "url": "${loopback[1]!}", "service": "<the service it reaches>" }]` };
  if (reason.startsWith('relative URL')) return { note: 'a relative URL reaches the origin of the page; a Kubernetes Ingress in the repository that serves this app would place it' };
  return {};
}

function topicHint(interaction: Interaction, reason: string, services: AnalysisResult['services']): Pick<UnresolvedInteraction, 'fix' | 'note'> {
  const variable = environmentVariable(reason);
  if (variable !== undefined) {
    const root = services.find((service) => service.name === interaction.service)?.root ?? '.';
    return { fix: `"services": [{ "name": "${interaction.service}", "root": "${root}", "environment": { "${variable}": "<the topic>" } }]` };
  }
  if (/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(reason)) {
    return { note: 'a parameter no call in the repository binds: when the callers are elsewhere, declare the function in "wrappers"' };
  }
  return {};
}

export function unresolvedInteractions(result: AnalysisResult): UnresolvedInteraction[] {
  const listed: UnresolvedInteraction[] = [];
  for (const interaction of result.interactions) {
    if (interaction.kind === 'http') {
      if (interaction.targetKind !== 'unresolved') continue;
      const reason = interaction.unresolved?.url ?? 'the target is not known';
      listed.push({ interaction, reason, ...httpHint(interaction, reason) });
    } else if (interaction.topic === null && (interaction.kind === 'produce' || interaction.topicPattern === undefined)) {
      const reason = interaction.unresolved?.topic ?? 'the topic is not known';
      listed.push({ interaction, reason, ...topicHint(interaction, reason, result.services) });
    }
  }
  return listed.sort(
    (a, b) =>
      compareStrings(a.interaction.location.file, b.interaction.location.file) ||
      a.interaction.location.line - b.interaction.location.line ||
      a.interaction.location.column - b.interaction.location.column,
  );
}
