import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { renderTable, type TableCell } from '../../../cli/render/table.js';
import { loadStyle } from '../../../cli/style.js';

const cells = (...texts: string[]): TableCell[] => texts.map((text) => ({ text }));

/** The terminal column at which `text` starts in `line`. */
function columnOf(line: string, text: string): number {
  const index = line.indexOf(text);
  expect(index, `${text} in ${line}`).toBeGreaterThanOrEqual(0);
  return stringWidth(line.slice(0, index));
}

describe('renderTable with wide characters', () => {
  // Display widths by hand: 日本語 and family are 6 columns wide, こんにちは 10, each emoji 2.
  const header = cells('Name', 'Greeting', 'Mood');
  const rows = [cells('日本語', 'こんにちは', '😀'), cells('ascii', 'hello', 'ok'), cells('中文', '你好世界', '👍🏽'), cells('family', '👨‍👩‍👧', 'ñ')];

  it('lines up CJK and emoji cells by display width, not by string length', () => {
    const table = renderTable(header, rows, 80, (t) => t)!;
    const lines = table.split('\n');
    expect(lines).toHaveLength(1 + 1 + rows.length);
    // The first column is 6 wide and the second 10, each followed by a two-space gap.
    const starts = [0, 8, 20];
    header.forEach((cell, c) => expect(columnOf(lines[0]!, cell.text)).toBe(starts[c]));
    rows.forEach((row, r) => row.forEach((cell, c) => expect(columnOf(lines[r + 2]!, cell.text), `${cell.text}`).toBe(starts[c])));
    expect(lines[1]).toBe(`${'─'.repeat(6)}  ${'─'.repeat(10)}  ${'─'.repeat(4)}`);
  });

  it('still lines up with colour on: escape codes take no columns', async () => {
    const style = await loadStyle(true);
    const painted = rows.map((row) => row.map((cell) => ({ ...cell, paint: style.green })));
    const lines = renderTable(header, painted, 80, style.bold)!.split('\n');
    rows.forEach((row, r) => row.forEach((cell, c) => expect(columnOf(lines[r + 2]!, cell.text)).toBe([0, 8, 20][c])));
  });

  it('wraps wide cells to fit a narrow width, never past it', () => {
    const narrow = [cells('説明', '長い 日本語の 説明文が ここに 入ります', '🚀 ✓ fast')];
    const table = renderTable(cells('Key', 'Text', 'Note'), narrow, 24, (t) => t)!;
    for (const line of table.split('\n')) expect(stringWidth(line), line).toBeLessThanOrEqual(24);
    expect(table).toContain('説明文が');
  });
});
