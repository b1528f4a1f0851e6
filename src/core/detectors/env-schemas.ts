import type ts from 'typescript';
import type { Value } from '../model/value.js';
import { findProperty, isEnvironmentObject, propertyInitializer, unwrapExpression } from '../engine/ast.js';
import { resolveIdentifier } from '../engine/declarations.js';
import type { Evaluation } from '../engine/values/evaluation.js';

/*
 * Environment validation schemas (zod, envalid, joi, yup): `envSchema.parse(process.env)` and
 * `cleanEnv(process.env, {...})` give the environment back, validated, with a default per variable. The
 * value evaluator asks here for the schema of such a call and for a variable's default, so that
 * `env.KAFKA_BROKER` after `z.string().default('kafka:9092')` has that fallback.
 */

/**
 * The fields of the schema validating the environment: `envSchema.parse(process.env)` with
 * `envSchema = z.object({...})`, or `cleanEnv(process.env, {...})`.
 */
export function validationSchema(ev: Evaluation, call: ts.CallExpression): ts.ObjectLiteralExpression | undefined {
  const t = ev.t;
  const other = call.arguments.find((argument) => !isEnvironmentObject(t, argument));
  const spec = other && definitionOf(ev, other);
  if (spec && t.isObjectLiteralExpression(spec)) return spec;
  const callee = unwrapExpression(t, call.expression);
  if (!t.isPropertyAccessExpression(callee)) return undefined;
  const schema = definitionOf(ev, callee.expression);
  if (!t.isCallExpression(schema)) return undefined;
  const fields = schema.arguments[0] && unwrapExpression(t, schema.arguments[0]);
  return fields && t.isObjectLiteralExpression(fields) ? fields : undefined;
}

/** An environment variable read through a validated environment: the schema's default is its fallback. */
export function environmentVariable(ev: Evaluation, name: string, schema: ts.ObjectLiteralExpression | undefined, text: string, depth: number): Value {
  const field = schema && findProperty(ev.t, schema, name);
  const fallback = field?.found ? schemaDefault(ev, field.initializer, depth) : undefined;
  return { kind: 'env', name, ...(fallback ? { fallback } : {}), text };
}

/** `z.string().url().default('x')` (zod, joi, yup) or `url({ default: 'x' })` (envalid): the default. */
function schemaDefault(ev: Evaluation, field: ts.Expression, depth: number): Value | undefined {
  const t = ev.t;
  for (let node = unwrapExpression(t, field); t.isCallExpression(node); ) {
    const callee = unwrapExpression(t, node.expression);
    if (t.isPropertyAccessExpression(callee) && callee.name.text === 'default' && node.arguments[0]) return ev.evaluateAt(node.arguments[0], depth);
    const options = node.arguments[0] && unwrapExpression(t, node.arguments[0]);
    if (options && t.isObjectLiteralExpression(options)) {
      const fallback = propertyInitializer(t, options, 'default');
      if (fallback) return ev.evaluateAt(fallback, depth);
    }
    if (!t.isPropertyAccessExpression(callee)) return undefined;
    node = unwrapExpression(t, callee.expression);
  }
  return undefined;
}

/** Follows names to their constant initializer. */
function definitionOf(ev: Evaluation, expression: ts.Expression, depth = 0): ts.Expression {
  const t = ev.t;
  const node = unwrapExpression(t, expression);
  if (depth > 8 || !t.isIdentifier(node)) return node;
  const origin = resolveIdentifier(ev.context, node);
  if (origin?.kind === 'declaration' && t.isVariableDeclaration(origin.node) && origin.node.initializer) return definitionOf(ev, origin.node.initializer, depth + 1);
  return node;
}
