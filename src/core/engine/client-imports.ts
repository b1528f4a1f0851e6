import type ts from 'typescript';
import { packageOf } from './declarations.js';
import type { ClientUse, Detector } from './detector.js';
import type { FileIndex, ImportBinding } from './file-index.js';
import { type TS, unwrapExpression, walk } from './ast.js';

/** A client library a file imports to talk to other services: the module, its kind and the import. */
export interface ClientImport {
  readonly module: string;
  readonly kind: ClientUse['kind'];
  /** The import declaration or `require` that brings it in. */
  readonly node: ts.Node;
}

/**
 * The client libraries a file imports and uses as clients: its Kafka and HTTP libraries, minus imports used
 * only in types (`import type { Producer }`, `producer: Producer`), only through helpers (`axios.isAxiosError`),
 * or only to administer (`kafka.admin().createTopics(...)`). What a host compares with what it found, so a
 * client it could not follow is said, not silently left off the map.
 */
export function clientImports(t: TS, index: FileIndex, detectors: readonly Detector[]): ClientImport[] {
  const found: ClientImport[] = [];
  let used: ReadonlySet<string> | undefined;
  for (const detector of detectors) {
    const use = detector.clientOf;
    if (use === undefined) continue;
    for (const module of detector.modules) {
      const bindings = [...index.imports.values()].filter((binding) => binding.module === module || packageOf(binding.module) === module);
      if (bindings.length === 0) continue;
      const values = valueUses(t, index.sourceFile, bindings);
      if (values.length === 0 || values.every((reference) => isHelper(t, reference, use))) continue;
      used ??= namesUsed(index);
      if (use.onlyWith !== undefined && !use.onlyWith.some((name) => used!.has(name))) continue;
      if (use.admin?.some((name) => used!.has(name)) && !use.messaging?.some((name) => used!.has(name))) continue;
      found.push({ module, kind: use.kind, node: importStatement(t, bindings[0]!.node) });
    }
  }
  return found;
}

/** Calls, constructions and members the file names, and the names it imports: what its code uses. */
function namesUsed(index: FileIndex): Set<string> {
  const names = new Set<string>([...index.callsByName.keys(), ...index.newsByName.keys()]);
  for (const reads of index.memberReadsByObject.values()) for (const read of reads) names.add(read.name.text);
  for (const binding of index.imports.values()) names.add(binding.name.split('.').at(-1)!);
  for (const local of index.imports.keys()) names.add(local);
  return names;
}

/** The statement an import binding belongs to, so a note points at the line that imports. */
function importStatement(t: TS, node: ts.Node): ts.Node {
  for (let current: ts.Node | undefined = node; current !== undefined; current = current.parent as ts.Node | undefined) {
    if (t.isImportDeclaration(current) || t.isImportEqualsDeclaration(current) || t.isVariableStatement(current)) return current;
  }
  return node;
}

/**
 * The places the file uses an imported binding as a value: every reference that is not in a type, not in
 * the import itself, and not in a `typeof` query. Names are matched by text within the file (shadowing is
 * rare enough in module scope to be ignored here: at worst a note is kept).
 */
function valueUses(t: TS, sourceFile: ts.SourceFile, bindings: readonly ImportBinding[]): { identifier: ts.Identifier; binding: ImportBinding }[] {
  const byLocal = new Map<string, ImportBinding>();
  const declared = new Set<ts.Node>();
  for (const binding of bindings) {
    const name = localName(t, binding.node);
    if (name !== undefined) {
      byLocal.set(name.text, binding);
      declared.add(name);
    }
  }
  const uses: { identifier: ts.Identifier; binding: ImportBinding }[] = [];
  walk(t, sourceFile, (node) => {
    if (t.isTypeNode(node) || t.isImportDeclaration(node) || t.isInterfaceDeclaration(node) || t.isTypeAliasDeclaration(node)) return false;
    if (t.isIdentifier(node) && !declared.has(node)) {
      const binding = byLocal.get(node.text);
      if (binding !== undefined && !isPropertyName(t, node)) uses.push({ identifier: node, binding });
    }
    return true;
  });
  // `const kafka = require('kafkajs')` with nothing else: the require is the use.
  return uses;
}

/** The name a binding declares locally: `Kafka` of `import { Kafka }`, `kafka` of `const kafka = require(...)`. */
function localName(t: TS, node: ts.Node): ts.Identifier | undefined {
  if (t.isImportClause(node) || t.isNamespaceImport(node) || t.isImportSpecifier(node) || t.isImportEqualsDeclaration(node)) return node.name;
  if ((t.isVariableDeclaration(node) || t.isBindingElement(node)) && t.isIdentifier(node.name)) return node.name;
  return undefined;
}

/** `x.name` and `{ name: ... }` name a property, not the binding. */
function isPropertyName(t: TS, identifier: ts.Identifier): boolean {
  const parent = identifier.parent;
  if (t.isPropertyAccessExpression(parent) && parent.name === identifier) return true;
  if ((t.isPropertyAssignment(parent) || t.isPropertyDeclaration(parent) || t.isMethodDeclaration(parent)) && parent.name === identifier) return true;
  return t.isBindingElement(parent) && parent.propertyName === identifier;
}

/** A use of one of the library's helpers: an imported helper (`isAxiosError(e)`), or a member (`axios.isAxiosError(e)`). */
function isHelper(t: TS, reference: { identifier: ts.Identifier; binding: ImportBinding }, use: ClientUse): boolean {
  const helpers = use.helpers ?? [];
  if (helpers.includes(reference.binding.name.split('.').at(-1)!)) return true;
  const parent = reference.identifier.parent;
  if (t.isPropertyAccessExpression(parent) && unwrapExpression(t, parent.expression) === reference.identifier) return helpers.includes(parent.name.text);
  return false;
}
