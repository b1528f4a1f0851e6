import type ts from 'typescript';
import { calleeName, calleeReceiver, enclosingClass, enclosingFunction, parentOf, shortText, type TS, unwrapExpression, walk } from './ast.js';
import { type ResolutionContext, resolveIdentifier } from './declarations.js';
import type { FileIndex } from './file-index.js';

/*
 * The shapes a hand-made request-reply takes in plain JavaScript, whatever the messaging library: what goes
 * into a map, object or emitter keyed by an id, and what comes out of it. Whether a use is the caller's side
 * (waiting) or the consumer's (answering) is decided by the caller of these functions, from where the code
 * runs (`hand-made-requests.ts`).
 */

/**
 * One use of a keyed store (a `Map`, a plain object used as one, an `EventEmitter`):
 * - `put`: `store.set(id, entry)`, `store[id] = entry`: parks an entry (caller) or writes a result (consumer);
 * - `call`: the entry read by id is called (`store.get(id)(reply)`, `entry.resolve(reply)` after `const entry =
 *   store.get(id)`): a consumer answering a parked resolver or callback;
 * - `write`: the entry read by id is changed (`entry.status = 'done'`): a consumer filling in what a loop polls;
 * - `poll`: the entry read by id (or `store.has(id)`) inside a loop or a `setInterval` callback: a caller polling;
 * - `wait`: `once(emitter, id)`, `emitter.once(id, resolve)`: a caller waiting for an event named by the id;
 * - `emit`: `emitter.emit(...)`: a consumer answering it.
 */
export interface StoreUse {
  readonly kind: 'put' | 'call' | 'write' | 'poll' | 'wait' | 'emit';
  /** Which store: the same string for every use of one store, across files when declarations are followed. */
  readonly store: string;
  /** The store as written (`pending`, `this.pendingRequests`). */
  readonly storeText: string;
  /** The expression that uses it, where a message points. */
  readonly node: ts.Node;
  /** The id it is keyed by; absent for `emit`, whose event name is computed from the message. */
  readonly key?: ts.Expression;
}

const cache = new WeakMap<FileIndex, readonly StoreUse[]>();

/** Every keyed use of a store in a file (cached per file index). */
export function storeUses(context: ResolutionContext, index: FileIndex): readonly StoreUse[] {
  let uses = cache.get(index);
  if (uses === undefined) {
    uses = collect(context, index);
    cache.set(index, uses);
  }
  return uses;
}

function collect(context: ResolutionContext, index: FileIndex): StoreUse[] {
  const t = context.ts;
  const uses: StoreUse[] = [];
  const add = (kind: StoreUse['kind'], storeExpression: ts.Expression, node: ts.Node, key?: ts.Expression) => {
    const store = storeIdentity(context, storeExpression);
    if (store !== undefined && (key === undefined || !isLiteral(t, key))) uses.push({ kind, store, storeText: shortText(storeExpression), node, ...(key ? { key } : {}) });
  };
  for (const call of index.callsByName.get('set') ?? []) {
    const store = calleeReceiver(t, call);
    if (store && call.arguments.length === 2) add('put', store, call, call.arguments[0]);
  }
  const reads: { store: ts.Expression; read: ts.Expression; key: ts.Expression }[] = [];
  for (const call of [...(index.callsByName.get('get') ?? []), ...(index.callsByName.get('has') ?? [])]) {
    const store = calleeReceiver(t, call);
    if (store && call.arguments.length === 1) reads.push({ store, read: call, key: call.arguments[0]! });
  }
  for (const access of index.keyedAccesses) {
    const parent = parentOf(access);
    if (parent !== undefined && t.isBinaryExpression(parent) && parent.left === access && parent.operatorToken.kind === t.SyntaxKind.EqualsToken) {
      add('put', access.expression, parent, access.argumentExpression);
    } else if (parent === undefined || !t.isDeleteExpression(parent)) {
      reads.push({ store: access.expression, read: access, key: access.argumentExpression });
    }
  }
  for (const { store, read, key } of reads) {
    const called = calledEntry(t, read);
    if (called) add('call', store, called, key);
    const changed = changedEntry(t, read);
    if (changed) add('write', store, changed, key);
    if (isPolled(t, read)) add('poll', store, read, key);
  }
  collectDeferreds(context, index, add);
  for (const call of index.callsByName.get('emit') ?? []) {
    const emitter = calleeReceiver(t, call);
    if (emitter) add('emit', emitter, call);
  }
  for (const call of [...(index.callsByName.get('once') ?? []), ...(index.callsByName.get('on') ?? [])]) {
    const receiver = calleeReceiver(t, call);
    // `emitter.once(id, resolve)`, and `once(emitter, id)` from `node:events`.
    if (receiver !== undefined && !isEventsModule(index, receiver) && call.arguments.length === 2) add('wait', receiver, call, call.arguments[0]);
    else if (calleeName(t, call) === 'once' && call.arguments.length >= 2 && (receiver === undefined || isEventsModule(index, receiver))) {
      add('wait', call.arguments[0]!, call, call.arguments[1]);
    }
  }
  return uses;
}

/** `events.once(...)` where `events` is the `events` module itself, not an emitter. */
function isEventsModule(index: FileIndex, receiver: ts.Expression): boolean {
  const name = receiver.getText();
  const binding = index.imports.get(name);
  return binding !== undefined && (binding.module === 'events' || binding.module === 'node:events');
}

/** A string or number literal: a fixed key names a setting (`formatters.get('eur')`), not a request. */
function isLiteral(t: TS, key: ts.Expression): boolean {
  const node = unwrapExpression(t, key);
  return t.isStringLiteralLike(node) || t.isNumericLiteral(node);
}

/**
 * Which store an expression is: its declaration (a variable, a class field) for a name or `this.x`, followed
 * into other files when the resolution can. `undefined` for anything else (a call's result, a parameter).
 */
function storeIdentity(context: ResolutionContext, expression: ts.Expression): string | undefined {
  const t = context.ts;
  const node = unwrapExpression(t, expression);
  if (t.isIdentifier(node)) {
    const origin = resolveIdentifier(context, node);
    if (origin?.kind === 'declaration') {
      const declaration = origin.node;
      // A parameter is whatever each caller passes: not one store.
      if (t.isParameter(declaration) || (t.isBindingElement(declaration) && isInParameter(t, declaration))) return undefined;
      return `${declaration.getSourceFile().fileName}:${declaration.pos}`;
    }
    if (origin?.kind === 'import') return `import:${origin.binding.module}:${origin.binding.name}`;
    return undefined;
  }
  if (t.isPropertyAccessExpression(node) && node.expression.kind === t.SyntaxKind.ThisKeyword) {
    const classNode = enclosingClass(t, node);
    return classNode && `${classNode.getSourceFile().fileName}:${classNode.pos}:this.${node.name.text}`;
  }
  return undefined;
}

function isInParameter(t: TS, node: ts.Node): boolean {
  for (let current = parentOf(node); current !== undefined; current = parentOf(current)) {
    if (t.isParameter(current)) return true;
    if (!t.isBindingElement(current) && !t.isObjectBindingPattern(current) && !t.isArrayBindingPattern(current)) return false;
  }
  return false;
}

/** `x?.y`, `(x)`, `x!` and the like around an expression: its parent as far as meaning goes. */
function meaningfulParent(t: TS, node: ts.Node): { parent: ts.Node | undefined; child: ts.Node } {
  let child = node;
  let parent = parentOf(node);
  while (parent !== undefined && (t.isParenthesizedExpression(parent) || t.isNonNullExpression(parent) || t.isAsExpression(parent))) {
    child = parent;
    parent = parentOf(parent);
  }
  return { parent, child };
}

/**
 * The call of the entry read: `read(...)`, `read.resolve(...)`, or through a local it is stored in
 * (`const cb = store.get(id); cb(reply)`, `const { resolve } = store.get(id); resolve(reply)`).
 */
function calledEntry(t: TS, read: ts.Expression): ts.CallExpression | undefined {
  for (const { parent, child } of usesOfEntry(t, read)) {
    if (parent === undefined) continue;
    if (t.isCallExpression(parent) && parent.expression === child) return parent;
    if (t.isPropertyAccessExpression(parent) && parent.expression === child) {
      const call = meaningfulParent(t, parent);
      if (call.parent !== undefined && t.isCallExpression(call.parent) && call.parent.expression === call.child) return call.parent;
    }
  }
  return undefined;
}

/** The change of the entry read: `read.status = 'done'`, `entry.status = ...` after `const entry = store.get(id)`. */
function changedEntry(t: TS, read: ts.Expression): ts.BinaryExpression | undefined {
  for (const { parent, child } of usesOfEntry(t, read)) {
    if (parent === undefined || !(t.isPropertyAccessExpression(parent) || t.isElementAccessExpression(parent)) || parent.expression !== child) continue;
    const assignment = meaningfulParent(t, parent);
    const binary = assignment.parent;
    if (binary !== undefined && t.isBinaryExpression(binary) && binary.left === assignment.child && binary.operatorToken.kind === t.SyntaxKind.EqualsToken) return binary;
  }
  return undefined;
}

/**
 * Where the entry read is used: the read itself, and the references to a local it is stored in
 * (`const entry = store.get(id)`; each name of `const { resolve, reject } = store.get(id)`), in that function.
 */
function usesOfEntry(t: TS, read: ts.Expression): { parent: ts.Node | undefined; child: ts.Node }[] {
  const direct = meaningfulParent(t, read);
  const uses = [direct];
  const declaration = direct.parent;
  if (declaration === undefined || !t.isVariableDeclaration(declaration) || declaration.initializer !== direct.child) return uses;
  const names = new Set<string>();
  const bind = (name: ts.BindingName): void => {
    if (t.isIdentifier(name)) names.add(name.text);
    else for (const element of name.elements) if (!t.isOmittedExpression(element)) bind(element.name);
  };
  bind(declaration.name);
  const scope = enclosingFunction(t, declaration) ?? declaration.getSourceFile();
  walk(t, scope, (node) => {
    if (t.isIdentifier(node) && names.has(node.text) && !isDeclarationName(t, node)) uses.push(meaningfulParent(t, node));
    return true;
  });
  return uses;
}

function isDeclarationName(t: TS, identifier: ts.Identifier): boolean {
  const parent = parentOf(identifier);
  return parent !== undefined && (t.isVariableDeclaration(parent) || t.isBindingElement(parent) || t.isParameter(parent)) && parent.name === identifier;
}

/** Inside a loop of its function (`while (results[id] === undefined)`), or in a `setInterval` callback. */
function isPolled(t: TS, node: ts.Node): boolean {
  for (let current = parentOf(node); current !== undefined; current = parentOf(current)) {
    if (t.isWhileStatement(current) || t.isDoStatement(current) || t.isForStatement(current)) return true;
    if (t.isFunctionLike(current)) {
      const call = parentOf(current);
      return call !== undefined && t.isCallExpression(call) && calleeName(t, call) === 'setInterval' && call.arguments[0] === current;
    }
  }
  return false;
}

/**
 * A deferred without a key: `new Promise((resolve) => { waiting = resolve; })` keeps the resolver in a
 * variable or field declared outside it (a `put` with no key), and `waiting(reply)` somewhere calls it (a
 * `call` with no key). Which send it belongs to is decided by place (`hand-made-requests.ts`).
 */
function collectDeferreds(context: ResolutionContext, index: FileIndex, add: (kind: StoreUse['kind'], store: ts.Expression, node: ts.Node) => void): void {
  const t = context.ts;
  for (const promise of index.newsByName.get('Promise') ?? []) {
    const executor = promise.arguments?.[0];
    if (executor === undefined || !(t.isArrowFunction(executor) || t.isFunctionExpression(executor))) continue;
    const resolveName = executor.parameters[0]?.name;
    if (resolveName === undefined || !t.isIdentifier(resolveName)) continue;
    walk(t, executor.body, (node) => {
      if (t.isBinaryExpression(node) && node.operatorToken.kind === t.SyntaxKind.EqualsToken) {
        const right = unwrapExpression(t, node.right);
        const target = unwrapExpression(t, node.left);
        if (t.isIdentifier(right) && right.text === resolveName.text && !declaredInside(context, target, executor)) {
          add('put', target, node);
          const name = t.isIdentifier(target) ? target.text : t.isPropertyAccessExpression(target) ? target.name.text : undefined;
          for (const call of name === undefined ? [] : (index.callsByName.get(name) ?? [])) {
            const callee = unwrapExpression(t, call.expression);
            if (t.isIdentifier(callee) || (t.isPropertyAccessExpression(callee) && callee.expression.kind === t.SyntaxKind.ThisKeyword)) add('call', callee, call);
          }
        }
      }
      return true;
    });
  }
}

/** A name declared inside the executor is its own local, not a place someone else reads. */
function declaredInside(context: ResolutionContext, target: ts.Expression, executor: ts.Node): boolean {
  const t = context.ts;
  if (!t.isIdentifier(target)) return false;
  const origin = resolveIdentifier(context, target);
  return origin?.kind === 'declaration' && isInside(origin.node, executor);
}

function isInside(node: ts.Node, ancestor: ts.Node): boolean {
  for (let current: ts.Node | undefined = node; current !== undefined; current = parentOf(current)) if (current === ancestor) return true;
  return false;
}
