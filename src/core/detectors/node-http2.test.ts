import { describe, expect, it } from 'vitest';
import { scanUntyped, summarize, typedScanner } from '../../../test/helpers/scan.js';

const FILES: Record<string, string> = {
  'ksql/push-query.js': `const http2 = require('http2');

const KSQL_ENDPOINT = process.env.KSQL_ENDPOINT || 'https://ksqldb:8088';

function pushQuery(sql) {
  const connection = http2.connect(KSQL_ENDPOINT + '/query-stream');
  const stream = connection.request({ ':method': 'post', ':path': '/query-stream', 'content-type': 'application/json' }, { endStream: false });
  stream.end(JSON.stringify({ sql }));
  return stream;
}

module.exports = { pushQuery };
`,
  'orders/client.ts': `import { connect } from 'node:http2';

const session = connect('https://orders:8443/ignored/path');

export function order(id: string) {
  return session.request({ ':path': \`/orders/\${id}\` });
}

export function root() {
  return session.request({});
}
`,
  'negative/other.ts': `const connect = (url: string) => ({ request: (headers: object) => [url, headers] });

export function notHttp2() {
  return connect('https://orders:8443').request({ ':path': '/orders' });
}
`,
};

let shared: ReturnType<typeof typedScanner> | undefined;
const program = () => (shared ??= typedScanner(FILES));
const untyped = (entry: string) => summarize(scanUntyped(FILES[entry]!, entry));
const typed = (entry: string) => summarize(program().scan(entry));

describe("Node's http2 client", () => {
  it('a request of a session goes to the origin it was opened to, at its :path, with its :method', () => {
    const expected = ['http node:http2 L7 "POST" env(KSQL_ENDPOINT??"https://ksqldb:8088")+"/query-stream"'];
    expect(untyped('ksql/push-query.js')).toEqual(expected);
    expect(typed('ksql/push-query.js')).toEqual(expected);
  });

  it('connect imported by name, a module-level session; no :path is /, no :method is GET', () => {
    const expected = ['http node:http2 L6 "GET" "https://orders:8443/orders/"+param(0)', 'http node:http2 L10 "GET" "https://orders:8443/"'];
    expect(untyped('orders/client.ts')).toEqual(expected);
    expect(typed('orders/client.ts')).toEqual(expected);
  });

  it("a project's own connect is not http2", () => {
    expect(untyped('negative/other.ts').filter((line) => line.startsWith('http '))).toEqual([]);
    expect(typed('negative/other.ts').filter((line) => line.startsWith('http '))).toEqual([]);
  });
});
