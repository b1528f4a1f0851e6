import { type Document, isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments } from 'yaml';

/*
 * YAML from the analysed repository, parsed with bounded work. Three costs are kept in check:
 * - aliases: `yaml` refuses documents whose aliases expand past `maxAliasCount` (a "billion laughs" bomb);
 *   its default of 100 also refuses an honest compose file that uses one `x-env` anchor in 100 services,
 *   so the bound is raised to a count no hand-written file reaches while a bomb still does at once;
 * - duplicate keys: `yaml` checks each new key against every earlier key of its map, which makes one large
 *   mapping quadratic (a 1 MB compose file: 15 s, 2 MB: 70 s). That check is off, and duplicates are found
 *   here with one set per map instead, in linear time;
 * - size and depth: callers read at most 1 MiB (files.ts); a nesting deep enough to exhaust the stack is
 *   an error like any other, never a crash.
 */

/** Honest files stay far below this; an alias bomb multiplies past it on its first alias. */
export const MAX_YAML_ALIAS_COUNT = 10_000;

const PARSE_OPTIONS = { uniqueKeys: false } as const;

/** The documents of a YAML stream as plain data, or the first problem, one line. */
export type YamlOutcome = { readonly ok: true; readonly documents: unknown[] } | { readonly ok: false; readonly error: string };

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

/** The first key written twice in one mapping, found with one set per map (no recursion). */
function duplicateKey(document: Document): string | undefined {
  const pending: unknown[] = [document.contents];
  while (pending.length > 0) {
    const node = pending.pop();
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (key !== undefined) {
          if (seen.has(key)) return key;
          seen.add(key);
        }
        pending.push(pair.key, pair.value);
      }
    } else if (isSeq(node)) {
      pending.push(...node.items);
    } else if (isPair(node)) {
      pending.push(node.key, node.value);
    } else if (isAlias(node)) {
      // The anchored node is walked where it is written.
    }
  }
  return undefined;
}

/** Parses every document of `text` (a stream separated by `---`). */
export function parseYamlDocuments(text: string): YamlOutcome {
  try {
    const documents: unknown[] = [];
    for (const document of parseAllDocuments(text, PARSE_OPTIONS)) {
      const error = document.errors[0];
      if (error) return { ok: false, error: firstLine(error) };
      const duplicate = duplicateKey(document);
      if (duplicate !== undefined) return { ok: false, error: `Map keys must be unique: '${duplicate}' is written twice` };
      documents.push(document.toJS({ maxAliasCount: MAX_YAML_ALIAS_COUNT }));
    }
    return { ok: true, documents };
  } catch (error) {
    // `yaml`'s alias guard throws a ReferenceError; a nesting too deep for its recursive composer, a
    // RangeError. Both are problems of this file.
    if (error instanceof RangeError) return { ok: false, error: 'nested too deeply to read' };
    return { ok: false, error: firstLine(error) };
  }
}

/** Parses a single-document YAML file (compose, pnpm-workspace.yaml); an empty file is `null`. */
export function parseYaml(text: string): { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string } {
  const outcome = parseYamlDocuments(text);
  if (!outcome.ok) return outcome;
  if (outcome.documents.length > 1) return { ok: false, error: 'Source contains multiple documents; please use YAML.parseAllDocuments()' };
  return { ok: true, value: outcome.documents[0] ?? null };
}
