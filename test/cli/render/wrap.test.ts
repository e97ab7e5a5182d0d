import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { bullet, wrap } from '../../../cli/render/wrap.js';

describe('wrap', () => {
  it('counts wide characters as two columns', () => {
    expect(wrap('日本 語の テキスト です', 8)).toEqual(['日本', '語の', 'テキスト', 'です']);
  });

  it('splits a word wider than the line by display width, never inside a grapheme', () => {
    expect(wrap('日本語のテキスト', 6)).toEqual(['日本語', 'のテキ', 'スト']);
    const family = '👨‍👩‍👧';
    expect(wrap(family.repeat(3), 4)).toEqual([family.repeat(2), family]);
    expect(wrap('👍🏽👍🏽👍🏽', 5)).toEqual(['👍🏽👍🏽', '👍🏽']);
  });

  it('hangs a bullet\'s wide text under itself within the width', () => {
    const lines = bullet('•', '絵文字 😀 と 漢字 が 混ざった 長い 文を 折り返す', 16).split('\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(stringWidth(line), line).toBeLessThanOrEqual(16);
    for (const line of lines.slice(1)) expect(line.startsWith('    ')).toBe(true);
  });
});
