import { describe, expect, it } from 'vitest';
import type { Route } from '../model/result.js';
import { matchRoute } from './route-match.js';

const route = (method: string, path: string): Route => ({ service: 'orders', framework: 'express', method, path, location: { file: 'a.ts', line: 1, column: 1 } });
const routes = [
  route('GET', '/orders'),
  route('GET', '/orders/:id'),
  route('GET', '/orders/export'),
  route('POST', '/orders'),
  route('ALL', '/health'),
  route('GET', '/files/*'),
  route('DELETE', '/orders/{orderId}/items/{itemId}'),
];
const paths = (method: string | null, path: string) => matchRoute(method, path, routes)?.path;

describe('matching an HTTP call to a route', () => {
  it('prefers literal segments over parameters', () => {
    expect(paths('GET', '/orders/export')).toBe('/orders/export');
    expect(paths('GET', '/orders/42')).toBe('/orders/:id');
  });

  it('takes a computed segment of the call as any value', () => {
    expect(paths('GET', '/orders/{order.id}')).toBe('/orders/:id');
    expect(paths('DELETE', '/orders/{id}/items/{item.sku}')).toBe('/orders/{orderId}/items/{itemId}');
  });

  it('needs the method to match, unless the route takes every method or the call method is unknown', () => {
    expect(paths('POST', '/orders')).toBe('/orders');
    expect(paths('PUT', '/orders')).toBeUndefined();
    expect(paths('PATCH', '/health')).toBe('/health');
    expect(paths(null, '/orders/7')).toBe('/orders/:id');
  });

  it('lets a trailing * take the rest, and needs the same number of segments otherwise', () => {
    expect(paths('GET', '/files/a/b/c.txt')).toBe('/files/*');
    expect(paths('GET', '/orders/7/lines')).toBeUndefined();
    expect(paths('GET', '/')).toBeUndefined();
  });
});
