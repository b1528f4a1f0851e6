import { describe, expect, it } from 'vitest';
import { mermaidLabel, sanitiseId, shortenLabel } from './mermaid-text.js';

describe('shortenLabel', () => {
  it('returns text that fits as it is', () => {
    expect(shortenLabel('order.confirmed', 15)).toBe('order.confirmed');
  });

  it('cuts at the last word boundary that fits, with an ellipsis, never inside a word', () => {
    expect(shortenLabel('POST /reservations/:reservationId/fulfil', 30)).toBe('POST /reservations/:…');
    expect(shortenLabel('process.env.KAFKA_TOPIC_PREFIX + tenant', 20)).toBe('process.env.…');
    // Letters of any script are word characters.
    expect(shortenLabel('commandes créées aujourdhui', 15)).toBe('commandes…');
    for (const text of ['a b c d e f g h', 'one-two-three-four-five', 'x.y.z/w?q=1&r=2 and more']) {
      for (let max = 4; max < text.length; max += 1) {
        const short = shortenLabel(text, max);
        expect(Array.from(short).length).toBeLessThanOrEqual(max);
        const kept = short.slice(0, -1);
        // What is kept ends where a word ends in the original text.
        expect(text.startsWith(kept)).toBe(true);
        expect(/[\p{L}\p{N}_]/u.test(text[kept.length] ?? ' ') && /[\p{L}\p{N}_]$/u.test(kept)).toBe(false);
      }
    }
  });

  it('keeps a first word longer than the limit whole, up to twice the limit', () => {
    expect(shortenLabel('supercalifragilistic expialidocious', 10)).toBe('supercalifragilistic…');
    expect(shortenLabel('x'.repeat(1000), 10)).toBe(`${'x'.repeat(20)}…`);
  });

  it('counts code points, not UTF-16 units', () => {
    expect(shortenLabel('📦📦 📦📦', 5)).toBe('📦📦 📦📦');
    expect(shortenLabel('ЖЖЖ ЖЖЖЖ', 5)).toBe('ЖЖЖ…');
    // An emoji is no letter: a cut may fall between two.
    expect(shortenLabel('📦📦 📦📦📦', 5)).toBe('📦📦 📦…');
  });
});

describe('mermaidLabel', () => {
  it('makes control characters visible, then escapes what Mermaid would read', () => {
    expect(mermaidLabel('a\n"b"|%%{init}%%', 48)).toBe('a\\n#quot;b#quot;#124;#37;#37;{init}#37;#37;');
    expect(mermaidLabel('<script>&', 48)).toBe('#lt;script#gt;#38;');
  });
});

describe('sanitiseId', () => {
  it('keeps [A-Za-z0-9_] and writes one _ per other code point', () => {
    expect(sanitiseId('order-api.v2 📦')).toBe('order_api_v2__');
    // A long name does not make a long id on every edge of its node.
    expect(sanitiseId('a'.repeat(10_000))).toBe('a'.repeat(40));
  });
});
