import { renderJson } from './json.js';
import { renderMermaid } from './mermaid.js';
import type { Reporter } from './reporter.js';
import { renderText } from './text.js';

/** Every output format `--format` offers, by name. */
export const REPORTERS: Readonly<Record<string, Reporter>> = { mermaid: renderMermaid, json: renderJson, text: renderText };
