import type ts from 'typescript';
import { oneOfValues, unknownValue, type Value } from '../../model/value.js';
import { enclosingFunction, parentOf, type TS } from '../ast.js';
import { resolveIdentifier } from '../declarations.js';
import type { Evaluation } from './evaluation.js';

/*
 * A variable declared with `let` or `var` and assigned again: the values that may reach the place it is read
 * (`let baseURL = ''; if (req) baseURL = 'https://ingress...'; axios.create({ baseURL })` reads '' or the
 * ingress). A plain reading of the code's order, not a data-flow analysis: an assignment in the
 * declaration's own statement list replaces what came before it; one in a branch, a loop or a callback adds
 * a reading; one after the read counts only inside a loop around both.
 */

/** One place that gives the variable a value. */
interface Definition {
  readonly value: ts.Expression;
  /** The node whose position orders it: the declaration, or the assignment. */
  readonly at: ts.Node;
  /** It runs whenever the declaration's statements run: the initializer, or `x = ...;` beside the declaration. */
  readonly unconditional: boolean;
}

/** Whether the variable is changed other than by `x = value` (`x += '/v2'`, `x++`, destructuring). */
export function changedInPlace(ev: Evaluation, declaration: ts.VariableDeclaration): boolean {
  const t = ev.t;
  if (!t.isIdentifier(declaration.name)) return false;
  const updates = ev.context.indexOf(declaration.getSourceFile()).updatesByName.get(declaration.name.text) ?? [];
  return updates.some((identifier) => resolvesTo(ev, identifier, declaration));
}

/**
 * The readings of `declaration` where `at` reads it: one value, several as `oneOf`, or unknown when no
 * assignment comes before the read. The variable is one `changedInPlace` does not hold for.
 */
export function variableReadings(ev: Evaluation, declaration: ts.VariableDeclaration, at: ts.Node, text: string, depth: number): Value {
  const t = ev.t;
  if (!t.isIdentifier(declaration.name)) return unknownValue(text, 'a destructured variable that is reassigned');
  const assigned = ev.context.indexOf(declaration.getSourceFile()).assignmentsByName.get(declaration.name.text) ?? [];
  const definitions = definitionsOf(t, declaration, assigned, (identifier) => resolvesTo(ev, identifier, declaration));
  const reaching = reachingDefinitions(t, declaration, definitions, at);
  if (reaching.length === 0) return unknownValue(text, 'read before it is assigned');
  return oneOfValues(
    reaching.map((definition) => ev.evaluateAt(definition.value, depth)),
    text,
  );
}

function resolvesTo(ev: Evaluation, identifier: ts.Identifier, declaration: ts.VariableDeclaration): boolean {
  const origin = resolveIdentifier(ev.context, identifier);
  return origin?.kind === 'declaration' && origin.node === declaration;
}

function definitionsOf(t: TS, declaration: ts.VariableDeclaration, assigned: readonly ts.Expression[], resolvesHere: (identifier: ts.Identifier) => boolean): Definition[] {
  const home = parentOf(declaration.parent);
  const statements = home === undefined ? undefined : parentOf(home);
  const definitions: Definition[] = declaration.initializer ? [{ value: declaration.initializer, at: declaration, unconditional: true }] : [];
  for (const value of assigned) {
    const assignment = parentOf(value);
    if (assignment === undefined || !t.isBinaryExpression(assignment) || !t.isIdentifier(assignment.left) || !resolvesHere(assignment.left)) continue;
    const statement = parentOf(assignment);
    const unconditional = statement !== undefined && t.isExpressionStatement(statement) && parentOf(statement) === statements;
    definitions.push({ value, at: assignment, unconditional });
  }
  return definitions;
}

/**
 * The definitions that may reach `at`. Read in the declaring function, those before it (or in a loop around
 * both); read elsewhere (in a callback, a handler, another file: later, once the module has run), all of
 * them. Either way an unconditional definition hides the ones of the declaring function before it.
 */
function reachingDefinitions(t: TS, declaration: ts.VariableDeclaration, definitions: readonly Definition[], at: ts.Node): Definition[] {
  const owner = enclosingFunction(t, declaration);
  const local = at !== declaration && at.getSourceFile() === declaration.getSourceFile() && enclosingFunction(t, at) === owner;
  const reaching = local ? definitions.filter((definition) => definition.at.end <= at.pos || inOneLoop(t, definition.at, at, owner)) : [...definitions];
  const hiding = reaching.filter((definition) => definition.unconditional).at(-1);
  if (hiding === undefined) return reaching;
  return reaching.filter((definition) => definition === hiding || definition.at.pos >= hiding.at.end || enclosingFunction(t, definition.at) !== owner);
}

/** Whether a loop of the declaring function holds both nodes: a later assignment reaches an earlier read. */
function inOneLoop(t: TS, a: ts.Node, b: ts.Node, owner: ts.Node | undefined): boolean {
  for (let current = parentOf(a); current !== undefined && current !== owner; current = parentOf(current)) {
    if (t.isIterationStatement(current, false) && holds(current, b)) return true;
  }
  return false;
}

function holds(ancestor: ts.Node, node: ts.Node): boolean {
  return node.pos >= ancestor.pos && node.end <= ancestor.end && node.getSourceFile() === ancestor.getSourceFile();
}
