import { describe, expect, it } from 'vitest';
import { isSimpleRegex } from './string-operations.js';
import {
  concatValues,
  describeValue,
  knownPrefix,
  mapParams,
  MAX_READINGS,
  oneOfValues,
  readingsOf,
  stringValue,
  substituteEnv,
  transformValue,
  unknownValue,
  type Value,
} from './value.js';

const s = stringValue;
const env = (name: string, fallback?: Value): Value => ({ kind: 'env', name, ...(fallback ? { fallback } : {}), text: `process.env.${name}` });
const owner = {};
const param = (index: number): Value => ({ kind: 'param', owner, index, path: [], text: `p${index}` });

describe('values with several readings', () => {
  it('are normal: flattened, without repeats, a single reading is itself, past the cap unknown', () => {
    expect(oneOfValues([s('a'), oneOfValues([s('b'), s('a')], 'inner')], 'outer')).toEqual({ kind: 'oneOf', options: [s('a'), s('b')], text: 'outer' });
    expect(oneOfValues([s('a'), s('a')], 'same')).toEqual(s('a'));
    const many = Array.from({ length: MAX_READINGS + 1 }, (_, i) => s(`t${i}`));
    expect(oneOfValues(many, 'many')).toEqual(unknownValue('many', `more than ${MAX_READINGS} readings`));
    expect(oneOfValues(many.slice(0, MAX_READINGS), 'enough').kind).toBe('oneOf');
  });

  it('distribute over a concatenation, and a product past the cap is unknown', () => {
    const base = oneOfValues([s('http://orders:3000'), s('http://localhost:4100')], "server ? 'http://orders:3000' : 'http://localhost:4100'");
    const url = concatValues([base, s('/orders/'), param(0)]);
    expect(readingsOf(url)).toEqual([concatValues([s('http://orders:3000/orders/'), param(0)]), concatValues([s('http://localhost:4100/orders/'), param(0)])]);
    expect(describeValue(url)).toBe("${server ? 'http://orders:3000' : 'http://localhost:4100'}/orders/${p0}");
    // Five independent choices of two are 32 readings: more than the cap.
    const choice = (i: number) => oneOfValues([s(`a${i}`), s(`b${i}`)], `c${i}`);
    const product = concatValues([choice(1), s('.'), choice(2), s('.'), choice(3), s('.'), choice(4), s('.'), choice(5)]);
    expect(product).toMatchObject({ kind: 'unknown', reason: `more than ${MAX_READINGS} readings` });
  });

  it('flow through environment substitution and parameter binding, merging readings that become alike', () => {
    const url = oneOfValues([env('SEARCH_URL', s('http://search:9200')), s('http://search:9200')], 'SEARCH');
    expect(substituteEnv(url, () => undefined)).toEqual(s('http://search:9200'));
    expect(readingsOf(substituteEnv(url, (name) => (name === 'SEARCH_URL' ? 'https://search.example.com' : undefined)))).toEqual([
      s('https://search.example.com'),
      s('http://search:9200'),
    ]);
    const topic = oneOfValues([param(0), s('orders.dlq')], "retry ? topic : 'orders.dlq'");
    expect(mapParams(topic, () => s('orders.dlq'))).toEqual(s('orders.dlq'));
  });

  it('share the known start of all their readings', () => {
    expect(knownPrefix(oneOfValues([s('http://a:1/x'), s('http://a:2/x')], 'x'))).toBe('http://a:');
  });
});

describe('string methods on values', () => {
  it('apply to known text, wait for a parameter or an environment variable, and leave an unknown value as it is', () => {
    expect(transformValue(s('ACCOUNT_OPENED'), { name: 'toLowerCase' }, 'x')).toEqual(s('account_opened'));
    expect(transformValue(s('http://a/'), { name: 'replace', pattern: { source: '\\/+$', flags: '' }, replacement: '' }, 'x')).toEqual(s('http://a'));
    const later = transformValue(env('TOPIC', s('Orders')), { name: 'toLowerCase' }, 'process.env.TOPIC.toLowerCase()');
    expect(later.kind).toBe('transform');
    expect(substituteEnv(later, () => undefined)).toEqual(s('orders'));
    expect(substituteEnv(later, () => 'AUDIT')).toEqual(s('audit'));
    const unknown = unknownValue('name', 'computed at run time');
    expect(transformValue(unknown, { name: 'toUpperCase' }, 'name.toUpperCase()')).toBe(unknown);
  });

  it('act on the known parts of partly known text where their effect can be seen', () => {
    const url = concatValues([s('HTTP://Orders/'), unknownValue('id', 'x'), s('/Items/')]);
    expect(transformValue(url, { name: 'toLowerCase' }, 't')).toEqual(concatValues([s('http://orders/'), unknownValue('id', 'x'), s('/items/')]));
    expect(transformValue(url, { name: 'replace', pattern: { source: '\\/$', flags: '' }, replacement: '' }, 't')).toEqual(concatValues([s('HTTP://Orders/'), unknownValue('id', 'x'), s('/Items')]));
  });

  it('run only simple regular expressions, and never read `$` patterns in a replacement', () => {
    expect(isSimpleRegex('\\/+$', '')).toBe(true);
    expect(isSimpleRegex('[-_]', 'g')).toBe(true);
    expect(isSimpleRegex('(a+)+$', '')).toBe(false);
    expect(isSimpleRegex('a|b', '')).toBe(false);
    expect(isSimpleRegex('(?<=x)y', '')).toBe(false);
    expect(transformValue(s('aaaa'), { name: 'replace', pattern: { source: '(a+)+$', flags: '' }, replacement: '' }, 't')).toMatchObject({ kind: 'unknown' });
    expect(transformValue(s('a-b'), { name: 'replace', pattern: '-', replacement: '$&$&' }, 't')).toMatchObject({ kind: 'unknown' });
    expect(transformValue(s('a-b-c'), { name: 'replaceAll', pattern: '-', replacement: '.' }, 't')).toEqual(s('a.b.c'));
  });
});
