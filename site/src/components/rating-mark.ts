import { ratingMarks } from '../../../cli/render/rating.js';
import type { Rating } from '../../../src/catalogue/protocols.js';

/**
 * The article's ✅ / ⚠️ / ❌ as the CLI prints them (✓ / ⚠ / ✗): single-width marks every font
 * has, where colour emoji turn into empty boxes on machines without an emoji font.
 */
export function ratingMark(rating: Rating): string {
  const mark = ratingMarks[rating];
  return mark ? `${mark} ` : '';
}

/** The article's own text, quoted with the same marks. */
export function plainMarks(text: string): string {
  return text.replaceAll('✅', '✓').replaceAll('⚠️', '⚠').replaceAll('❌', '✗');
}
