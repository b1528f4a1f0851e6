import { describe, expect, it } from 'vitest';
import { concatValues, oneOfValues, stringValue, transformValue, unknownValue } from '../model/value.js';
import { type HttpTarget, resolveHttpTarget, settlePathParameters, targetOfReadings, template } from './http-target.js';

const hosts = new Map([
  ['orders', 'orders'],
  ['orders.internal', 'orders'],
  ['search', 'search'],
]);
const reading = (url: string) => ({ written: url, target: resolveHttpTarget(stringValue(url), hosts) });

describe('targets of URLs with several readings', () => {
  it('are decided when every reading names the same service, with the path they share', () => {
    const target = targetOfReadings([reading('http://orders:3000/orders/1'), reading('http://orders.internal/orders/1')]);
    expect(target).toMatchObject({ url: null, path: '/orders/1', target: 'orders', targetKind: 'service', via: 'host' });
  });

  it('are unresolved otherwise, each reading named by its target, or by its URL when it has none', () => {
    const target = targetOfReadings([reading('https://search.example.com/search?q=x'), reading('http://search:9200/search?q=x'), reading('http://localhost:9200/search')]);
    expect(target).toMatchObject({ target: null, targetKind: 'unresolved', path: '/search', candidates: ['search.example.com', 'search', 'http://localhost:9200/search'] });
    expect(target.unresolved).toContain("'http://localhost:9200/search' ('localhost:9200' is this machine");
  });

  it('take the services a reading may reach (a port several services publish) as its candidates', () => {
    const ambiguous: HttpTarget = { url: 'http://localhost:8080/x', path: '/x', target: null, targetKind: 'unresolved', via: 'none', unresolved: 'two services publish 8080', candidates: ['a', 'b'] };
    expect(targetOfReadings([{ written: 'http://localhost:8080/x', target: ambiguous }, reading('http://orders/x')]).candidates).toEqual(['a', 'b', 'orders']);
  });

  it('say how they were decided: by the one kind of evidence every reading has, else as readings', () => {
    const byPort: HttpTarget = { url: 'http://localhost:4100/orders/1', path: '/orders/1', target: 'orders', targetKind: 'service', via: 'published-port' };
    expect(targetOfReadings([{ written: 'http://localhost:4100/orders/1', target: byPort }, reading('http://orders:3000/orders/1')]).via).toBe('readings');
    expect(targetOfReadings([reading('http://orders:3000/orders/1'), reading('http://orders.internal/orders/1')]).via).toBe('host');
  });

  it('that differ only in their query are one unresolved call, as a single reading would be', () => {
    const target = targetOfReadings([reading('/api/events?page=1&type=x'), reading('/api/events?page=1')]);
    expect(target).toEqual(resolveHttpTarget(stringValue('/api/events?page=1&type=x'), hosts));
  });
});

describe('parameters of a URL', () => {
  it('stay where they are inside a path, in every reading, and when rewritten', () => {
    const owner = {};
    const id = { kind: 'param' as const, owner, index: 0, path: [], text: 'id' };
    const url = oneOfValues([concatValues([stringValue('http://a/orders/'), id]), concatValues([stringValue('http://b/orders/'), id])], 'u');
    expect(template(settlePathParameters(url))).toBe('{u}');
    expect(settlePathParameters(url)).toEqual(
      oneOfValues([concatValues([stringValue('http://a/orders/'), unknownValue('id', 'a value inside the path')]), concatValues([stringValue('http://b/orders/'), unknownValue('id', 'a value inside the path')])], 'u'),
    );
    // `https://${uuid.replace(/-/g, '_')}.sslip.io`: a host computed from the value, not a URL callers pass.
    const host = transformValue(id, { name: 'replace', pattern: { source: '-', flags: 'g' }, replacement: '_' }, "id.replace(/-/g, '_')");
    expect(settlePathParameters(concatValues([stringValue('https://'), host, stringValue('.sslip.io')]))).toEqual(
      concatValues([stringValue('https://'), unknownValue("id.replace(/-/g, '_')", 'computed from a parameter'), stringValue('.sslip.io')]),
    );
    // A base URL trimmed of its trailing slash is still the URL a caller passes.
    const base = transformValue(id, { name: 'replace', pattern: { source: '\\/+$', flags: '' }, replacement: '' }, 'base.replace(...)');
    expect(settlePathParameters(concatValues([base, stringValue('/orders')]))).toEqual(concatValues([base, stringValue('/orders')]));
  });
});
