import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PAGE_SCRIPT } from './html-page-script.js';
import { htmlText, renderHtml, scriptSafe } from './html.js';
import { analysisResult, finding, produce, service } from './result-builders.test-support.js';

const FAKE_BUNDLE = 'globalThis.mermaid = { note: "<!-- a </script> in a string" };';
const hostileName = '<img src=x onerror=alert(1)> "quoted" & \'single\'\n</script><script>alert(2)</script>';
const result = analysisResult({
  services: [service(hostileName)],
  interactions: [produce('p1', hostileName, '</pre><b>topic</b>', { key: 'absent' })],
  findings: [{ ...finding('require-partition-key', 'error', hostileName, 'p1'), message: hostileName }],
});

function scripts(html: string): { attributes: string; body: string }[] {
  return [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/gu)].map((match) => ({ attributes: match[1] ?? '', body: match[2] ?? '' }));
}

describe('renderHtml', () => {
  const { output } = renderHtml(result, { mermaidScript: FAKE_BUNDLE });

  it('has exactly its three scripts, each closed where it is meant to be', () => {
    const found = scripts(output);
    expect(found.map((script) => script.attributes)).toEqual([' type="application/json" id="map-data"', '', '']);
    expect(found[1]?.body).toBe(scriptSafe(FAKE_BUNDLE));
    expect(found[2]?.body).toBe(PAGE_SCRIPT);
  });

  it('allows those scripts by hash, and no connection, font, frame or other source', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/u.exec(output)?.[1] ?? '';
    const hash = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    expect(csp.split('; ')).toEqual([
      "default-src 'none'",
      `script-src ${hash(scriptSafe(FAKE_BUNDLE))} ${hash(PAGE_SCRIPT)}`,
      "style-src 'unsafe-inline'",
      'img-src data:',
      "font-src 'none'",
      "connect-src 'none'",
      "frame-src 'none'",
      "base-uri 'none'",
      "form-action 'none'",
    ]);
    expect(output).not.toMatch(/\s(src|href)="(?!https:\/\/github\.com)/u);
  });

  it('writes hostile names as text, never as markup', () => {
    expect(output).not.toContain('<img');
    expect(output).not.toContain('<b>topic');
    expect(output).not.toContain('</pre><b>');
    // The page's own markup is intact: one <pre>, closed once.
    expect(output.match(/<pre /gu)).toHaveLength(1);
    expect(output.match(/<\/pre>/gu)).toHaveLength(1);
    expect(output).toContain(htmlText(hostileName));
    expect(htmlText('a\nb<')).toBe('a\\nb&#60;');
  });

  it('keeps the map data JSON free of anything that could end its script', () => {
    const data = scripts(output)[0]?.body ?? '';
    expect(data).not.toContain('<');
    expect(JSON.parse(data)).toMatchObject({ nodes: { svc__img_src_x_onerror_alert_1____quoted____: { kind: 'service' } } });
  });

  it('needs the Mermaid bundle', () => {
    expect(() => renderHtml(result)).toThrow('options.mermaidScript');
  });
});

describe('scriptSafe', () => {
  it('rewrites what could end or unbalance a script element, keeping what the script means', () => {
    expect(scriptSafe('a="</script>";b=/<!--/;c="<SCRIPT"')).toBe('a="\\x3C/script>";b=/\\x3C!--/;c="\\x3CSCRIPT"');
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- checking that the rewritten code means the same
    const evaluate = new Function(`return ${scriptSafe('"</script><!--"')}`) as () => unknown;
    expect(evaluate()).toBe('</script><!--');
  });
});
