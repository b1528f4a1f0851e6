import { describe, expect, it } from 'vitest';
import { scanUntyped, summarize, typedScanner } from '../../../test/helpers/scan.js';

const FILES: Record<string, string> = {
  'api/status.js': `const needle = require('needle');

const STATUS_SERVICE = process.env.STATUS_SERVICE || 'http://status:8080';

function setStatus(key, value) {
  return needle('post', STATUS_SERVICE + '/status/' + key, { value }, { json: true });
}

async function health() {
  const res = await needle('get', STATUS_SERVICE + '/health');
  return res.body;
}

module.exports = { setStatus, health };
`,
  'api/orders.client.ts': `import needle from 'needle';

const ORDERS_URL = process.env.ORDERS_URL ?? 'http://orders:3000';

export class OrdersClient {
  async create(order: object) {
    return needle.post(\`\${ORDERS_URL}/orders\`, order, { json: true });
  }

  get(id: string) {
    return needle.get(\`\${ORDERS_URL}/orders/\${id}\`);
  }

  remove(id: string) {
    return needle.delete(\`\${ORDERS_URL}/orders/\${id}\`, null);
  }

  sync(method: string) {
    return needle.request(method, \`\${ORDERS_URL}/sync\`, {}, () => undefined);
  }
}
`,
  'negative/other.ts': `const needle = { get: (url: string) => url };

export function notTheLibrary() {
  return needle.get('http://orders:3000/orders');
}
`,
};

let shared: ReturnType<typeof typedScanner> | undefined;
const program = () => (shared ??= typedScanner(FILES));
const untyped = (entry: string) => summarize(scanUntyped(FILES[entry]!, entry));
const typed = (entry: string) => summarize(program().scan(entry));

describe('needle', () => {
  it('JavaScript: the module called with the method first', () => {
    const expected = [
      'http needle L6 "POST" env(STATUS_SERVICE??"http://status:8080")+"/status/"+param(0)',
      'http needle L10 "GET" env(STATUS_SERVICE??"http://status:8080")+"/health"',
    ];
    expect(untyped('api/status.js')).toEqual(expected);
    expect(typed('api/status.js')).toEqual(expected);
  });

  it('TypeScript: the shorthands, the URL first, and request(method, url)', () => {
    const expected = [
      'http needle L7 "POST" env(ORDERS_URL??"http://orders:3000")+"/orders"',
      'http needle L11 "GET" env(ORDERS_URL??"http://orders:3000")+"/orders/"+param(0)',
      'http needle L15 "DELETE" env(ORDERS_URL??"http://orders:3000")+"/orders/"+param(0)',
      'http needle L19 param(0) env(ORDERS_URL??"http://orders:3000")+"/sync"',
    ];
    expect(untyped('api/orders.client.ts')).toEqual(expected);
    expect(typed('api/orders.client.ts')).toEqual(expected);
  });

  it('an object of the project named needle is not the library', () => {
    expect(untyped('negative/other.ts').filter((line) => line.startsWith('http '))).toEqual([]);
    expect(typed('negative/other.ts').filter((line) => line.startsWith('http '))).toEqual([]);
  });
});
