import { describe, expect, it } from 'vitest';
import { printable } from './printable.js';

describe('printable', () => {
  it('writes line breaks, escapes and bidirectional overrides as visible escapes', () => {
    expect(printable('a\n::error::INJECTED\nb.ts')).toBe('a\\n::error::INJECTED\\nb.ts');
    expect(printable('\u001b[31mred\u001b[0m')).toBe('\\u001b[31mred\\u001b[0m');
    expect(printable('x\r\ty\u2028z\u202e')).toBe('x\\r\\ty\\u2028z\\u202e');
  });

  it('keeps ordinary text, unicode letters and emoji as they are', () => {
    expect(printable('commandes.créées/ордер 📦')).toBe('commandes.créées/ордер 📦');
  });
});
