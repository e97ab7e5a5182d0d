import { visibleLength } from '../style.js';

/** Word-wraps plain text to `width` columns; words longer than a line are split. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let rest = word;
    while (visibleLength(rest) > width) {
      if (line) {
        lines.push(line);
        line = '';
      }
      lines.push(rest.slice(0, width));
      rest = rest.slice(width);
    }
    if (!line) line = rest;
    else if (visibleLength(line) + 1 + visibleLength(rest) <= width) line += ` ${rest}`;
    else {
      lines.push(line);
      line = rest;
    }
  }
  if (line) lines.push(line);
  return lines.length > 0 ? lines : [''];
}

/** A bullet item: the marker on the first line, the text hanging under itself. */
export function bullet(marker: string, text: string, width: number, indent = 2): string {
  const pad = ' '.repeat(indent);
  const hang = ' '.repeat(indent + visibleLength(marker) + 1);
  const lines = wrap(text, Math.max(10, width - hang.length));
  return lines.map((l, i) => (i === 0 ? `${pad}${marker} ${l}` : `${hang}${l}`)).join('\n');
}
