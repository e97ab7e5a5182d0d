import { visibleLength } from './width.js';
import { wrap } from './wrap.js';

export interface TableCell {
  text: string;
  /** Applied after wrapping, so escape codes never count toward width. */
  paint?: (text: string) => string;
}

/**
 * A boxed-less table fit to `width`: columns share the room by need, cells wrap inside their
 * column. Returns undefined when even wrapped cells cannot fit, so the caller can stack instead.
 */
export function renderTable(header: readonly TableCell[], rows: readonly (readonly TableCell[])[], width: number, bold: (t: string) => string): string | undefined {
  const gap = 2;
  const all = [header, ...rows];
  const natural = header.map((_, c) => Math.max(...all.map((row) => visibleLength(row[c]?.text ?? ''))));
  const minimum = header.map((_, c) => Math.max(...all.map((row) => longestWord(row[c]?.text ?? ''))));
  const room = width - gap * (header.length - 1);
  if (minimum.reduce((a, b) => a + b, 0) > room) return undefined;

  const widths = [...natural];
  // Shrink the widest column one step at a time until the table fits.
  while (widths.reduce((a, b) => a + b, 0) > room) {
    let widest = 0;
    widths.forEach((w, i) => {
      if (w - minimum[i]! > widths[widest]! - minimum[widest]!) widest = i;
    });
    widths[widest]!--;
  }

  const lines: string[] = [];
  all.forEach((row, r) => {
    const cells = row.map((cell, c) => wrap(cell.text, widths[c]!));
    const height = Math.max(...cells.map((c) => c.length));
    for (let l = 0; l < height; l++) {
      const parts = row.map((cell, c) => {
        const text = cells[c]![l] ?? '';
        const padded = text + ' '.repeat(widths[c]! - visibleLength(text));
        const painted = r === 0 ? bold(padded) : cell.paint && text ? cell.paint(padded) : padded;
        return painted;
      });
      lines.push(parts.join(' '.repeat(gap)).trimEnd());
    }
    if (r === 0) lines.push(widths.map((w) => '─'.repeat(w)).join(' '.repeat(gap)));
  });
  return lines.join('\n');
}

function longestWord(text: string): number {
  return Math.max(0, ...text.split(/\s+/).map((w) => visibleLength(w)));
}
