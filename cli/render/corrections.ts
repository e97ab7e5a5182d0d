import { columnNames, type NumberedCorrection } from '../../src/catalogue/compare-report.js';
import { featureLabels } from '../../src/catalogue/protocols.js';
import { checkedOn } from '../../src/catalogue/source.js';
import type { Style } from '../style.js';
import { markedValue, ratingPaint } from './rating.js';
import { bullet, wrap } from './wrap.js';

/** The article prints ✅ / ⚠️ / ❌; quoted here with the single-width marks the table uses. */
function plainMarks(text: string): string {
  return text.replaceAll('✅', '✓').replaceAll('⚠️', '⚠').replaceAll('❌', '✗');
}

/** The marker that flags a corrected cell, e.g. "[2]". */
export function correctionMarker(marker: number): string {
  return `[${marker}]`;
}

function targetLabel(c: NumberedCorrection): string {
  const where = c.target.kind === 'cell' ? featureLabels[c.target.feature] : `text, ${c.target.where}`;
  return `${columnNames[c.protocol]} · ${where}`;
}

/**
 * The "Corrections" section: each of our corrections with what the article says, what we say,
 * why, and its sources, so nobody mistakes them for the article's.
 */
export function renderCorrections(list: readonly NumberedCorrection[], style: Style, width: number): string[] {
  if (list.length === 0) return [];
  const out = [
    ...wrap(`Corrections (choose-protocol, checked ${checkedOn})`, width).map((l) => style.bold(l)),
    ...wrap("Ours, not the article's: where its table or text is wrong or out of date.", width).map((l) => style.dim(l)),
  ];
  for (const c of list) {
    const indent = ' '.repeat(correctionMarker(c.marker).length + 3);
    const hang = (text: string) => wrap(text, Math.max(10, width - indent.length)).map((l) => `${indent}${l}`);
    const paint = ratingPaint(c.ours.rating, style);
    const ours = markedValue(c.ours.value, c.ours.rating);
    out.push('', bullet(correctionMarker(c.marker), targetLabel(c), width).replace(/^(.*)$/gm, (l) => style.bold(l)));
    out.push(...hang(`Article: ${plainMarks(c.article)}`));
    out.push(...hang(`Ours: ${ours}`).map((l) => (paint ? paint(l) : l)));
    out.push(...hang(c.why));
    out.push(...hang('Sources:'));
    for (const source of c.sources) {
      out.push(bullet('-', source.title, width - indent.length, 0).replace(/^/gm, indent));
      out.push(...wrap(source.url, Math.max(10, width - indent.length - 2)).map((l) => style.dim(`${indent}  ${l}`)));
    }
  }
  return out;
}
