import { narrowText, visibleLength } from './width.js';

// Made on first need: ICU's first segmenter is slow to build (see width.ts).
let graphemes: Intl.Segmenter | undefined;

/**
 * Splits a word wider than `width` into pieces that fit, by display width and never inside a
 * grapheme (an emoji with its skin tone, a family joined by ZWJs, a letter with its accent).
 */
function splitWord(word: string, width: number): string[] {
  // One column per character: slicing needs no segmenter, and skips ICU's start-up cost.
  if (narrowText.test(word)) {
    const pieces: string[] = [];
    for (let i = 0; i < word.length; i += width) pieces.push(word.slice(i, i + width));
    return pieces;
  }
  const pieces: string[] = [];
  let piece = '';
  for (const { segment } of (graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' })).segment(word)) {
    if (piece && visibleLength(piece + segment) > width) {
      pieces.push(piece);
      piece = '';
    }
    piece += segment;
  }
  if (piece) pieces.push(piece);
  return pieces;
}

/** A link split across lines cannot be clicked or copied: it keeps its own line, however wide. */
const link = /^<?https?:\/\//;

/**
 * Word-wraps plain text to `width` terminal columns; words wider than a line are split, except
 * links, which get a line of their own even when it is wider.
 */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let rest = word;
    if (visibleLength(rest) > width && !link.test(rest)) {
      if (line) {
        lines.push(line);
        line = '';
      }
      const pieces = splitWord(rest, width);
      rest = pieces.pop()!;
      lines.push(...pieces);
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
