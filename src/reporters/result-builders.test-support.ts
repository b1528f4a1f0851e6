import type {
  AnalysisResult,
  ConsumeInteraction,
  Finding,
  HttpInteraction,
  Interaction,
  ProduceInteraction,
  Service,
} from '../core/model/result.js';
import { SCHEMA_VERSION } from '../core/model/result.js';

/** Builders for reporter tests: just enough defaults that each case states only what matters to it. */

let nextLine = 1;
export function at(file: string): { file: string; line: number; column: number } {
  nextLine += 1;
  return { file, line: nextLine, column: 3 };
}

export function service(name: string, root = `services/${name}`, source = 'workspace'): Service {
  return { name, root, source, hosts: [name] };
}

export function http(
  id: string,
  serviceName: string,
  fields: Partial<Omit<HttpInteraction, 'id' | 'service' | 'kind'>> & Pick<HttpInteraction, 'targetKind'>,
): HttpInteraction {
  return {
    id,
    kind: 'http',
    service: serviceName,
    library: 'axios',
    location: at(`services/${serviceName}/src/client.ts`),
    method: 'GET',
    url: null,
    path: null,
    target: null,
    ...fields,
  };
}

export function produce(
  id: string,
  serviceName: string,
  topic: string | null,
  fields: Partial<Omit<ProduceInteraction, 'id' | 'service' | 'kind' | 'topic'>> = {},
): ProduceInteraction {
  return {
    id,
    kind: 'produce',
    service: serviceName,
    library: 'kafkajs',
    location: at(`services/${serviceName}/src/producer.ts`),
    topic,
    key: 'present',
    ...fields,
  };
}

export function consume(
  id: string,
  serviceName: string,
  topic: string | null,
  fields: Partial<Omit<ConsumeInteraction, 'id' | 'service' | 'kind' | 'topic'>> = {},
): ConsumeInteraction {
  return {
    id,
    kind: 'consume',
    service: serviceName,
    library: 'kafkajs',
    location: at(`services/${serviceName}/src/consumer.ts`),
    topic,
    role: 'event',
    ...fields,
  };
}

export function finding(ruleId: string, severity: Finding['severity'], serviceName: string | null, interactionId?: string): Finding {
  return {
    ruleId,
    severity,
    message: `${ruleId} in ${serviceName ?? 'the project'}`,
    service: serviceName,
    location: at(`services/${serviceName ?? 'shared'}/src/index.ts`),
    ...(interactionId === undefined ? {} : { interactionId }),
  };
}

export function analysisResult(parts: {
  services?: readonly Service[];
  interactions?: readonly Interaction[];
  findings?: readonly Finding[];
}): AnalysisResult {
  const interactions = parts.interactions ?? [];
  const findings = parts.findings ?? [];
  return {
    schemaVersion: SCHEMA_VERSION,
    services: parts.services ?? [],
    interactions,
    routes: [],
    findings,
    diagnostics: [],
    summary: {
      files: 10,
      filesWithInteractions: 5,
      interactions: {
        http: interactions.filter((interaction) => interaction.kind === 'http').length,
        produce: interactions.filter((interaction) => interaction.kind === 'produce').length,
        consume: interactions.filter((interaction) => interaction.kind === 'consume').length,
      },
      unresolved: { topics: 0, targets: 0 },
      findings: {
        error: findings.filter((item) => item.severity === 'error').length,
        warn: findings.filter((item) => item.severity === 'warn').length,
      },
      notUnderstood: [],
    },
  };
}

/** Deterministic shuffle (mulberry32), so a failure can be replayed. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    const current = copy[index] as T;
    copy[index] = copy[other] as T;
    copy[other] = current;
  }
  return copy;
}
