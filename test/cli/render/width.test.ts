import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { narrowText, visibleLength } from '../../../cli/render/width.js';
import { loadStyle } from '../../../cli/style.js';

describe('visibleLength', () => {
  it('counts every character of its own fast path as string-width does: one column', () => {
    const differ: string[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      const char = String.fromCodePoint(code);
      if (narrowText.test(char) && stringWidth(char) !== 1) differ.push(`U+${code.toString(16)}`);
    }
    expect(differ).toEqual([]);
    expect(narrowText.test('Server → Client ✓ ⚠ ✗ ─ • … é')).toBe(true);
  });

  it('agrees with string-width on wide, joined, combined and painted text', async () => {
    const style = await loadStyle(true);
    for (const text of ['plain', '日本語', 'こんにちは world', '😀', '👍🏽', '👨‍👩‍👧', '⚠️', 'e\u0301', 'ｶﾞ', '한국어', 'a\u200bb', style.green('中文'), style.bold('✓ fine')]) {
      expect(visibleLength(text), text).toBe(stringWidth(text));
    }
  });
});
