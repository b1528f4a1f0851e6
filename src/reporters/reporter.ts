import type { AnalysisResult, Severity } from '../core/model/result.js';

/** How Kafka topics are drawn on a map (`auto`: every topic, collapsed only above the limits). */
export type TopicsMode = 'auto' | 'all' | 'collapse' | 'none';

/** Which subgraphs group the services of a map. */
export type GroupBy = 'none' | 'folder' | 'compose' | 'repository';

/** What a rule is, for reports that describe the rules they cite (SARIF `tool.driver.rules`). */
export interface RuleDescription {
  readonly id: string;
  readonly description: string;
  readonly defaultSeverity: Severity;
  /** Where the rule's documentation is. */
  readonly docsUrl: string;
}

/**
 * How a reporter is asked to present a result. Each format reads the options it understands and ignores the
 * others; the CLI fills them from its flags and from where the output goes (a TTY, a file).
 */
export interface ReportOptions {
  /** Write ANSI colours (text on a terminal). The CLI decides it from the stream, `NO_COLOR` and `FORCE_COLOR`. */
  readonly color?: boolean;
  /** Map: `all` draws every topic, `collapse` draws service-to-service edges counting topics, `none` only HTTP. */
  readonly topics?: TopicsMode;
  /** Map: draw only this service and the services within `depth` hops of it. */
  readonly focus?: string;
  /** Map: hops around `focus` (default 1). */
  readonly depth?: number;
  /** Map: subgraphs by the folder holding each service, or by how it is deployed. */
  readonly groupBy?: GroupBy;
  /** SARIF: the rules of this tool (id, description, default severity, docs URL). */
  readonly rules?: readonly RuleDescription[];
  /** SARIF: this tool's version. */
  readonly toolVersion?: string;
  /**
   * HTML: the text of Mermaid's browser bundle, inlined so the page needs no network. The CLI reads it from the
   * pinned `mermaid` package; reporters do no IO.
   */
  readonly mermaidScript?: string;
}

export interface ReportOutput {
  readonly output: string;
  /**
   * Lines for stderr about the report itself, not the code (a map drawn with collapsed topics, a diagram over
   * Mermaid's limits). Untrusted text in them has already been through `printable`.
   */
  readonly notices?: readonly string[];
}

/**
 * A reporter is pure: the same result and options give the same bytes. It reads only the JSON model, and
 * never decides the exit code: the CLI's gate does, from the findings that remain after disable comments
 * and the baseline.
 */
export type Reporter = (result: AnalysisResult, options: ReportOptions) => ReportOutput;

/** Options that name something the result does not hold (`--focus` of an unknown service): a user mistake. */
export class ReportOptionError extends Error {
  override readonly name = 'ReportOptionError';
}
