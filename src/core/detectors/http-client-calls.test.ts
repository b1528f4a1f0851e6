import { describe, expect, it } from 'vitest';
import { stringValue, type Value } from '../model/value.js';
import { scanUntyped, showValue, summarize, typedScanner } from '../../../test/helpers/scan.js';
import { resolveAgainst, withBase, withoutTrailingSlash } from './http-client-calls.js';

const env = (name: string, fallback?: string): Value => ({ kind: 'env', name, text: `process.env.${name}`, ...(fallback ? { fallback: stringValue(fallback) } : {}) });
const param = (index: number): Value => ({ kind: 'param', owner: {}, index, path: [], text: `p${index}` });
const concat = (...parts: Value[]): Value => ({ kind: 'concat', parts });

/** Code that looks like HTTP clients to a naive tool, in files that import none of them. */
const FILES: Record<string, string> = {
  'orders/lookalikes.ts': `import express from 'express';
import Redis from 'ioredis';
import { Injectable } from '@nestjs/common';
import { HttpService } from '@nestjs/axios';

const app = express();
app.get('/orders/:id', (req, res) => {
  res.send({ id: req.params.id });
});
app.post('/orders', (req, res) => {
  res.status(201).send(req.body);
});

function request(method: string, url: string) {
  return { method, url };
}

const http = { get: (url: string) => url, request: (url: string) => url };
const got = (url: string) => url;
const ky = { post: (url: string) => url };

@Injectable()
export class Orders {
  constructor(private readonly httpService: HttpService) {}

  async load(cache: Map<string, string>, redis: Redis) {
    request('GET', 'http://not-a-call/own-request');
    http.get('http://not-a-call/object-literal');
    http.request('http://not-a-call/object-literal');
    got('http://not-a-call/own-got');
    ky.post('http://not-a-call/own-ky');
    cache.get('orders');
    await redis.get('orders');
    return this.httpService;
  }
}
`,
};

describe('shared HTTP client helpers', () => {
  it('joins a base with exactly one slash, a fallback base losing its trailing slash', () => {
    expect(showValue(withBase(stringValue('http://a/api/'), stringValue('/users')))).toBe('"http://a/api/users"');
    expect(showValue(withBase(stringValue('http://a/api'), stringValue('users')))).toBe('"http://a/api/users"');
    expect(showValue(withBase(env('API', 'http://a/'), stringValue('users')))).toBe('env(API??"http://a")+"/users"');
    expect(showValue(withBase(env('API'), stringValue('/users')))).toBe('env(API)+"/users"');
    expect(showValue(withBase(undefined, stringValue('/users')))).toBe('"/users"');
    expect(showValue(withoutTrailingSlash(concat(env('API'), stringValue('/v1/'))))).toBe('env(API)+"/v1"');
  });

  it('resolves against a base as new URL(url, base) does', () => {
    const base = stringValue('http://gateway:8080/api/v1');
    expect(showValue(resolveAgainst(base, stringValue('users')))).toBe('"http://gateway:8080/api/users"');
    expect(showValue(resolveAgainst(base, stringValue('/users')))).toBe('"http://gateway:8080/users"');
    expect(showValue(resolveAgainst(base, stringValue('http://other:1/x')))).toBe('"http://other:1/x"');
    expect(showValue(resolveAgainst(base, concat(stringValue('/users/'), param(0))))).toBe('"http://gateway:8080/users/"+param(0)');
    expect(showValue(resolveAgainst(stringValue('http://gateway:8080/api/'), concat(stringValue('users/'), param(0))))).toBe('"http://gateway:8080/api/users/"+param(0)');
    expect(showValue(resolveAgainst(stringValue('http://gateway:8080'), concat(stringValue('users/'), param(0))))).toBe('"http://gateway:8080/users/"+param(0)');
    // A base whose text is not known is joined, the common case of an origin.
    expect(showValue(resolveAgainst(env('API'), stringValue('users')))).toBe('env(API)+"/users"');
  });

  it('nothing in a file that imports none of the HTTP client libraries', () => {
    const entry = 'orders/lookalikes.ts';
    expect(summarize(scanUntyped(FILES[entry]!, entry))).toEqual([]);
    expect(summarize(typedScanner(FILES).scan(entry))).toEqual([]);
  });
});
