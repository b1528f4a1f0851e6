import type ts from 'typescript';
import { describeValue, mapParams, stringValue, unknownValue, type Value } from '../model/value.js';
import { calleeName, calleeReceiver, findProperty, parentOf, propertyNameText, returnedExpressions, shortText, type TS, unwrapExpression, walk } from '../engine/ast.js';
import { findLocalDeclaration } from '../engine/declarations.js';
import type { ClientKindTable, ClientRef, Detector, DetectorScan } from '../engine/detector.js';
import { importedCallee, methodOption, readOption, withBase } from './http-client-calls.js';

const LIBRARY = '@reduxjs/toolkit/query';
const MODULES = [LIBRARY, '@reduxjs/toolkit/query/react'];
const API = 'rtk-query.api';
/** Methods of an api that return the same api with more endpoints: their endpoints share its `baseQuery`. */
const EXTENSIONS = ['injectEndpoints', 'enhanceEndpoints'];
/** The endpoint builder's methods whose `query` describes the request `baseQuery` sends. */
const ENDPOINT_KINDS = ['query', 'mutation', 'infiniteQuery'];

const CLIENTS: ClientKindTable = {
  calls: MODULES.map((module) => ({ module, name: 'createApi', kind: API })),
  factories: EXTENSIONS.map((method) => ({ on: API, method, kind: API })),
};

/**
 * Redux Toolkit's RTK Query: an api made by `createApi({ baseQuery, endpoints })`, extended anywhere with
 * `api.injectEndpoints({ endpoints })`. Each `builder.query(...)`/`builder.mutation(...)` endpoint is one
 * request, sent by the `baseQuery` when a component uses its hook: its `query` returns the URL (or
 * `{ url, method }`) that `fetchBaseQuery({ baseUrl })` joins to the base. The endpoint is where the request
 * is written, so the interaction is placed there. Endpoints with a `queryFn` send whatever their own code
 * sends (found by the other detectors) and are left alone.
 */
export const rtkQueryDetector: Detector = {
  library: LIBRARY,
  modules: MODULES,
  clients: CLIENTS,
  detect(scan) {
    for (const kind of ENDPOINT_KINDS) {
      for (const call of scan.calls(kind)) {
        const api = endpointApi(scan, call);
        if (api !== undefined) emitEndpoint(scan, call, api);
      }
    }
  },
};

/**
 * The api an endpoint definition belongs to: `builder` must be the first parameter of the `endpoints`
 * function given to `createApi(...)` or to `api.injectEndpoints(...)` of a known api. `undefined` for any
 * other `x.query(...)` (a database, a GraphQL client).
 */
function endpointApi(scan: DetectorScan, call: ts.CallExpression): ClientRef | undefined {
  const t = scan.ts;
  const receiver = calleeReceiver(t, call);
  const builder = receiver && unwrapExpression(t, receiver);
  if (builder === undefined || !t.isIdentifier(builder)) return undefined;
  const parameter = findLocalDeclaration(t, builder);
  if (parameter === undefined || !t.isParameter(parameter)) return undefined;
  const endpoints = parameter.parent;
  if (endpoints.parameters[0] !== parameter) return undefined;
  // `endpoints: (builder) => ({...})` or `endpoints(builder) { return {...}; }`
  const property = t.isMethodDeclaration(endpoints) ? endpoints : parentOf(endpoints);
  if (property === undefined || !(t.isPropertyAssignment(property) || t.isMethodDeclaration(property))) return undefined;
  if (propertyNameText(t, property.name) !== 'endpoints' || !t.isObjectLiteralExpression(property.parent)) return undefined;
  const options = property.parent;
  const definer = parentOf(options);
  if (definer === undefined || !t.isCallExpression(definer) || definer.arguments[0] !== options) return undefined;
  const entity = importedCallee(scan, definer.expression);
  if (entity && MODULES.includes(entity.module) && entity.name === 'createApi') return { kind: API, creation: definer, via: 'trace' };
  const method = calleeName(t, definer);
  const api = method !== undefined && EXTENSIONS.includes(method) ? calleeReceiver(t, definer) : undefined;
  const client = api && scan.classify(api);
  return client?.kind === API ? client : undefined;
}

function emitEndpoint(scan: DetectorScan, call: ts.CallExpression, api: ClientRef): void {
  const t = scan.ts;
  const definition = call.arguments[0] && scan.definition(call.arguments[0]);
  if (definition === undefined || !t.isObjectLiteralExpression(definition)) return;
  const query = queryFunction(t, definition);
  if (query === undefined) {
    // A `queryFn` sends its own requests; without either the definition is built elsewhere.
    if (findProperty(t, definition, 'queryFn').found) return;
    scan.emit.http({ library: LIBRARY, node: call, method: unknownValue(shortText(definition), 'no visible query'), url: unknownValue(shortText(definition), 'no visible query') });
    return;
  }
  const { method, url } = requestOf(scan, query);
  // The hook's argument comes from a component at run time: a path value, never bound by a caller.
  const settle = (value: Value) => mapParams(value, (param) => (param.owner === query ? unknownValue(param.text, 'an argument of the endpoint') : param));
  const base = baseUrl(scan, api);
  scan.emit.http({ library: LIBRARY, node: call, method: settle(method), url: withBase(base, settle(url)) });
}

type QueryFunction = ts.ArrowFunction | ts.FunctionExpression | ts.MethodDeclaration;

/** `query: (arg) => ...`, `query: function (arg) {...}` or `query(arg) {...}`. */
function queryFunction(t: TS, definition: ts.ObjectLiteralExpression): QueryFunction | undefined {
  for (const property of definition.properties) {
    if (property.name === undefined || propertyNameText(t, property.name) !== 'query') continue;
    if (t.isMethodDeclaration(property)) return property;
    if (t.isPropertyAssignment(property)) {
      const value = unwrapExpression(t, property.initializer);
      if (t.isArrowFunction(value) || t.isFunctionExpression(value)) return value;
    }
  }
  return undefined;
}

/** A `query` returns a URL string or fetchBaseQuery's arguments `{ url, method, body, params }` (GET by default). */
function requestOf(scan: DetectorScan, query: QueryFunction): { method: Value; url: Value } {
  const t = scan.ts;
  const returned = returnedExpressions(t, query);
  const requests = returned.map((expression) => {
    const request = scan.definition(expression);
    if (t.isObjectLiteralExpression(request)) {
      return { method: methodOption(scan, request, stringValue('GET')), url: scan.evaluatePath(request, ['url']) };
    }
    return { method: stringValue('GET'), url: scan.evaluate(expression) };
  });
  const [first] = requests;
  if (first !== undefined && requests.every((r) => describeValue(r.url) === describeValue(first.url) && describeValue(r.method) === describeValue(first.method))) {
    return first;
  }
  const text = shortText(query);
  const reason = requests.length === 0 ? 'no visible return' : 'returns different requests';
  return { method: unknownValue(text, reason), url: unknownValue(text, reason) };
}

/**
 * The base URL the api's `baseQuery` sends to: `fetchBaseQuery({ baseUrl })` given directly, wrapped by a
 * function such as `retry(fetchBaseQuery(...))`, or called inside a re-authenticating `baseQuery` function.
 * `undefined` when fetchBaseQuery has no `baseUrl` (URLs relative to the page); unknown for a custom one.
 */
function baseUrl(scan: DetectorScan, api: ClientRef): Value | undefined {
  const t = scan.ts;
  let creation = api.creation;
  // `injectEndpoints` of an `injectEndpoints` result: climb to `createApi`.
  for (let depth = 0; creation && t.isCallExpression(creation) && depth < 8; depth++) {
    const method = calleeName(t, creation);
    if (method === undefined || !EXTENSIONS.includes(method)) break;
    const receiver = calleeReceiver(t, creation);
    creation = receiver && scan.classify(receiver)?.creation;
  }
  if (creation === undefined || !t.isCallExpression(creation)) return unknownValue('baseQuery', 'the api is created where it cannot be seen');
  const options = creation.arguments[0] && scan.definition(creation.arguments[0]);
  const baseQuery = options && t.isObjectLiteralExpression(options) ? findProperty(t, options, 'baseQuery') : undefined;
  if (!baseQuery?.found) return unknownValue(shortText(creation), 'no visible baseQuery');
  const bases = fetchBaseQueryBases(scan, baseQuery.initializer, 0);
  const distinct = new Map(bases.map((base) => [base ? describeValue(base) : '', base]));
  if (distinct.size === 1) return [...distinct.values()][0];
  return unknownValue(shortText(baseQuery.initializer), distinct.size === 0 ? 'a custom baseQuery' : 'several base URLs');
}

/** The base of every `fetchBaseQuery(...)` a `baseQuery` expression sends through (`undefined`: no `baseUrl`). */
function fetchBaseQueryBases(scan: DetectorScan, expression: ts.Expression, depth: number): (Value | undefined)[] {
  const t = scan.ts;
  if (depth > 4) return [];
  const node = scan.definition(expression);
  if (t.isCallExpression(node)) {
    // Inside a createApi's baseQuery the name is RTK's own, even when the api was made in another file.
    if (calleeName(t, node) === 'fetchBaseQuery') {
      const read = readOption(scan, node.arguments[0], ['baseUrl']);
      return [read.kind === 'absent' ? undefined : read.value];
    }
    // `retry(fetchBaseQuery(...), { maxRetries })`, or a project's higher-order baseQuery.
    return node.arguments.flatMap((argument) => fetchBaseQueryBases(scan, argument, depth + 1));
  }
  if (t.isArrowFunction(node) || t.isFunctionExpression(node) || t.isFunctionDeclaration(node)) {
    // A re-authenticating baseQuery calls the real one: `await rawBaseQuery(args, api, extra)`.
    const found: (Value | undefined)[] = [];
    walk(t, node, (child) => {
      if (t.isCallExpression(child)) {
        const callee = unwrapExpression(t, child.expression);
        if (calleeName(t, child) === 'fetchBaseQuery') found.push(...fetchBaseQueryBases(scan, child, depth + 1));
        else if (t.isIdentifier(callee) && t.isCallExpression(scan.definition(callee))) found.push(...fetchBaseQueryBases(scan, callee, depth + 1));
      }
      return true;
    });
    return found;
  }
  return [];
}
