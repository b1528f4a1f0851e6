import type { PortCandidate } from '../core/graph/http-target.js';
import type { Diagnostic, Finding, Interaction, Route, Service } from '../core/model/result.js';
import type { DisableDirective } from '../gate/disable-comments.js';
import type { RuleSetting } from './config.js';
import type { HttpLink } from './interactions.js';

/*
 * A partial result: what one package's files give (their interactions, routes, file findings and notes),
 * with what the project stage needs to join it with the others (part.ts `mergeParts`).
 */

/** Marks a JSON document as a part written by this tool. */
export const PART_FORMAT = 'service-map-part';

export interface PartialResult {
  readonly format: typeof PART_FORMAT;
  /** The tool version that wrote it, and the version of the result's model: parts of different versions are not merged. */
  readonly version: string;
  readonly schemaVersion: number;
  /** The repository's name (its root package's, else its folder's): parts of several repositories make an organisation's map. */
  readonly repository: string;
  /** A hash of the config and rules: parts analysed with different settings are not merged. */
  readonly configHash: string;
  /** The package folder relative to the repository (`.` for the root package), or `null` for every file. */
  readonly package: string | null;
  /** Files of this part that were scanned, relative to the repository. */
  readonly files: readonly string[];
  /** The services discovery found (the same in every part), sorted, and the repository's own. */
  readonly services: readonly Service[];
  readonly rootService: Service;
  /** Files of this part that run in the repository's own service, as far as this part knows. */
  readonly rootFiles: readonly string[];
  /** Files of other parts that a service of this part runs (a shared module it imports). */
  readonly servedFiles: readonly string[];
  /** This part's files the repository's own service may run, each with those of them it imports. */
  readonly rootImports: readonly (readonly [string, readonly string[]])[];
  readonly rules: readonly (readonly [string, RuleSetting])[];
  /** Interactions placed in this part's files, with their ids, before request/reply pairing. */
  readonly interactions: readonly Interaction[];
  /** How HTTP calls were linked, by interaction id: merge links them again with every part's routes and ports. */
  readonly httpLinks: readonly (readonly [string, HttpLink])[];
  /** Ports published (discovery) and listened on by this part's services. */
  readonly ports: { readonly published: readonly (readonly [number, PortCandidate])[]; readonly listening: readonly (readonly [number, PortCandidate])[] };
  readonly routes: readonly Route[];
  readonly fileFindings: readonly Finding[];
  /** Notes of discovery (the same in every part). */
  readonly discoveryDiagnostics: readonly Diagnostic[];
  /** Notes of this part's files, and notes on files no part scans (the same wherever they were made). */
  readonly diagnostics: readonly Diagnostic[];
  /** The disable comments (`eslint-disable-next-line service-map/...`) in this part's files, by file. */
  readonly disableDirectives: readonly (readonly [string, readonly DisableDirective[]])[];
  /** Files of this part importing each library no detector understands. */
  readonly notUnderstood: readonly { readonly library: string; readonly files: number }[];
}
