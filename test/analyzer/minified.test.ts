import { describe, expect, it } from 'vitest';
import { analyzeProject } from '../../src/analyzer/analyze.js';
import { tempRepo } from '../helpers/temp-repo.js';

/** A bundle as a minifier writes it: statements run together on a few very long lines. */
function bundle(lines: number): string {
  const statement = 'var a=function(b){return fetch("http://orders:3000/orders/"+b).then(function(c){return c.json()})};';
  return Array.from({ length: lines }, () => statement.repeat(40)).join('\n');
}

describe('minified or generated JavaScript', () => {
  it('is skipped with a note, while hand-written JavaScript and JSX with long lines are read', async () => {
    const svgPath = `M${Array.from({ length: 400 }, (_, i) => `${i} ${i * 2}`).join(' L')}`;
    const root = tempRepo({
      'web/package.json': '{ "name": "web" }',
      'web/public/vendor/glue.js': bundle(5),
      'web/src/Logo.jsx': `export function Logo() {\n  fetch('http://orders:3000/logo-seen');\n  return <svg><path d="${svgPath}" /></svg>;\n}\n`,
      'web/src/config.js': `export const ROUTES = ${JSON.stringify(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`route${i}`, `/path/${i}`])))};\nfetch('http://orders:3000/ping');\n`,
      'orders/package.json': '{ "name": "orders" }',
    });
    const result = await analyzeProject({ root });
    expect(result.interactions.map((i) => `${i.location.file}:${i.location.line}`)).toEqual(['web/src/Logo.jsx:2', 'web/src/config.js:2']);
    expect(result.diagnostics.filter((d) => d.message.includes('minified'))).toEqual([
      { file: 'web/public/vendor/glue.js', message: 'skipped: minified or generated JavaScript (lines of more than 500 characters on average), not code a team writes' },
    ]);
  });
});
