import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderMermaid } from './mermaid.js';
import type { Reporter } from './reporter.js';
import { renderSarif } from './sarif.js';
import { renderText } from './text.js';

/** Every text output format `--format` offers, by name (svg and png are drawn from the Mermaid map by the CLI). */
export const REPORTERS: Readonly<Record<string, Reporter>> = {
  mermaid: renderMermaid,
  json: renderJson,
  text: renderText,
  sarif: renderSarif,
  markdown: renderMarkdown,
  html: renderHtml,
};
