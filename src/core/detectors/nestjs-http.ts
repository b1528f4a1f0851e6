import type ts from 'typescript';
import { stringValue, type Value } from '../model/value.js';
import { calleeReceiver, propertyInitializer, unwrapExpression } from '../engine/ast.js';
import type { Detector, DetectorScan } from '../engine/detector.js';
import { importedEntity } from '../engine/file-index.js';
import { emitListens, joinPath, eachValue, upperCaseMethod } from './server-routes.js';

const FRAMEWORK = '@nestjs/common';
const CORE = '@nestjs/core';
const APP = 'nest-http.app';
const FACTORY = 'nest-http.factory';

/** Method decorators of `@nestjs/common` and the method each serves; `@Sse` streams over GET. */
const METHOD_DECORATORS: ReadonlyMap<string, string> = new Map([
  ['Get', 'GET'],
  ['Post', 'POST'],
  ['Put', 'PUT'],
  ['Patch', 'PATCH'],
  ['Delete', 'DELETE'],
  ['Head', 'HEAD'],
  ['Options', 'OPTIONS'],
  ['All', 'ALL'],
  ['Search', 'SEARCH'],
  ['Sse', 'GET'],
]);

/**
 * NestJS controllers: `@Controller('orders')` / `@Controller({ path })` / `@Controller()` (paths may be
 * lists) combined with `@Get(':id')`, `@Post()`, ... `@All`, `@Sse` and `@RequestMapping({ path, method })`
 * on its methods, joined with one `/` between segments and a leading `/`. The route node is the method
 * decorator; controllers belong to the application (no owner). `app.setGlobalPrefix('api')` on the
 * application is a mount without child: a prefix for every route of the service. Handlers of
 * `@nestjs/microservices` (`@EventPattern`) are messages, not routes.
 */
export const nestjsHttpDetector: Detector = {
  library: FRAMEWORK,
  modules: [FRAMEWORK, CORE, '@nestjs/platform-express', '@nestjs/platform-fastify'],
  clients: {
    values: [{ module: CORE, name: 'NestFactory', kind: FACTORY }],
    factories: [{ on: FACTORY, method: 'create', kind: APP }],
    types: [
      { module: FRAMEWORK, name: 'INestApplication', kind: APP },
      { module: '@nestjs/platform-express', name: 'NestExpressApplication', kind: APP },
      { module: '@nestjs/platform-fastify', name: 'NestFastifyApplication', kind: APP },
    ],
  },
  detect(scan) {
    emitListens(scan, FRAMEWORK, new Set([APP]));
    for (const call of scan.calls('setGlobalPrefix')) {
      const receiver = calleeReceiver(scan.ts, call);
      const prefix = call.arguments[0];
      if (receiver === undefined || prefix === undefined || scan.classify(receiver)?.kind !== APP) continue;
      scan.emit.mount({ framework: FRAMEWORK, node: call, prefix: scan.evaluate(prefix) });
    }
    if (!scan.imports(FRAMEWORK)) return;
    for (const name of [...METHOD_DECORATORS.keys(), 'RequestMapping']) {
      for (const decorator of scan.index.decoratorsByName.get(name) ?? []) {
        const call = decorator.expression as ts.CallExpression;
        if (!isCommon(scan, call, name)) continue;
        const method = decorator.parent;
        const controller = scan.ts.isMethodDeclaration(method) && scan.ts.isClassLike(method.parent) ? controllerOf(scan, method.parent) : undefined;
        if (controller === undefined) continue;
        const mapping = name === 'RequestMapping' ? requestMapping(scan, call.arguments[0]) : { methods: [stringValue(METHOD_DECORATORS.get(name)!)], paths: pathsOf(scan, call.arguments[0]) };
        for (const prefix of controller) {
          for (const path of mapping.paths) {
            for (const verb of mapping.methods) scan.emit.route({ framework: FRAMEWORK, node: decorator, method: verb, path: joinPath([prefix, path]) });
          }
        }
      }
    }
  },
};

/** A decorator that is the `@nestjs/common` one (`Get`, or `common.Get` through a namespace). */
function isCommon(scan: DetectorScan, call: ts.CallExpression, name: string): boolean {
  const entity = importedEntity(scan.ts, scan.index, call.expression);
  return entity?.module === FRAMEWORK && entity.name === name;
}

/** The path prefixes of a `@Controller` class; `undefined` for a class that is not a controller. */
function controllerOf(scan: DetectorScan, classNode: ts.ClassLikeDeclaration): readonly Value[] | undefined {
  const t = scan.ts;
  for (const modifier of classNode.modifiers ?? []) {
    if (!t.isDecorator(modifier) || !t.isCallExpression(modifier.expression) || !isCommon(scan, modifier.expression, 'Controller')) continue;
    const argument = modifier.expression.arguments[0];
    const options = argument && scan.definition(argument);
    if (options && t.isObjectLiteralExpression(options)) return pathsOf(scan, propertyInitializer(t, options, 'path'));
    return pathsOf(scan, argument);
  }
  return undefined;
}

/** The paths a decorator argument gives; `''` when there is none. */
function pathsOf(scan: DetectorScan, expression: ts.Expression | undefined): readonly Value[] {
  return expression === undefined ? [stringValue('')] : eachValue(scan, expression);
}

/** `@RequestMapping({ path: 'x', method: RequestMethod.POST })`; NestJS defaults to GET on `/`. */
function requestMapping(scan: DetectorScan, argument: ts.Expression | undefined): { methods: readonly Value[]; paths: readonly Value[] } {
  const t = scan.ts;
  const options = argument && scan.definition(argument);
  if (!options || !t.isObjectLiteralExpression(options)) return { methods: [stringValue('GET')], paths: [stringValue('')] };
  const method = propertyInitializer(t, options, 'method');
  return { methods: method ? [requestMethod(scan, method)] : [stringValue('GET')], paths: pathsOf(scan, propertyInitializer(t, options, 'path')) };
}

/** `RequestMethod.POST` names its method; the enum's numbers say nothing to a reader of the map. */
function requestMethod(scan: DetectorScan, expression: ts.Expression): Value {
  const t = scan.ts;
  const node = unwrapExpression(t, expression);
  if (t.isPropertyAccessExpression(node)) {
    const entity = importedEntity(t, scan.index, node.expression);
    if (entity?.module === FRAMEWORK && entity.name === 'RequestMethod') return stringValue(node.name.text);
  }
  return upperCaseMethod(scan.evaluate(expression));
}
