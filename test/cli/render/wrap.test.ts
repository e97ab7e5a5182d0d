import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { bullet, wrap } from '../../../cli/render/wrap.js';

describe('wrap', () => {
  it('keeps a link whole on a line of its own, so it can still be clicked and copied', () => {
    const url = 'https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_buffering';
    const lines = wrap(`See ${url} for details`, 30);
    expect(lines).toEqual(['See', url, 'for details']);
    expect(wrap(`Source: <${url}>`, 30)).toEqual(['Source:', `<${url}>`]);
  });

  it('still splits a long plain word that is not a link', () => {
    expect(wrap('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });

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
