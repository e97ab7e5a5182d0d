import type { Rating } from '../../src/catalogue/protocols.js';
import type { Style } from '../style.js';

/** The article's ✅ / ⚠️ / ❌ as single-width marks that survive any terminal font. */
export const ratingMarks: Record<Rating, string> = { good: '✓', warn: '⚠', bad: '✗', neutral: '' };

export function ratingPaint(rating: Rating, style: Style): ((text: string) => string) | undefined {
  if (rating === 'good') return style.green;
  if (rating === 'warn') return style.yellow;
  if (rating === 'bad') return style.red;
  return undefined;
}

export function markedValue(value: string, rating: Rating): string {
  const mark = ratingMarks[rating];
  return mark ? `${mark} ${value}` : value;
}
