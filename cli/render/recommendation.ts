import type { Recommendation } from '../../src/decision/recommend.js';
import type { Style } from '../style.js';
import { bullet, wrap } from './wrap.js';

/** The human summary of a recommendation: name, one-line why, reasons, caveats, alternatives. */
export function renderRecommendation(rec: Recommendation, style: Style, width: number): string {
  const out: string[] = [];
  out.push('', `${style.dim('Recommended:')} ${style.bold(style.green(rec.outcome.name))}`);
  out.push(...wrap(rec.outcome.why, width), '');

  out.push(style.bold('Why'));
  for (const reason of rec.answerReasons) out.push(bullet(style.green('✓'), reason, width));
  out.push(style.dim(`  The article: use ${rec.outcome.name} when`));
  for (const point of rec.useWhen) out.push(bullet(style.dim('·'), style.dim(point), width, 4));
  out.push('', style.bold('Caveats'));
  for (const caveat of rec.caveats) out.push(bullet(style.yellow('!'), caveat, width));

  out.push('', style.bold('Alternatives'));
  rec.alternatives.forEach((alt, i) => {
    out.push(bullet(`${i + 1}.`, `${style.bold(alt.outcome.name)}: if ${alt.flipIf}`, width));
  });
  if (rec.notes.length > 0) {
    out.push('', style.bold('Notes'));
    for (const note of rec.notes) out.push(bullet(style.cyan('i'), note, width));
  }
  out.push('', `${style.bold('Scaffold it:')} ${style.cyan(rec.scaffold.command)}`, '');
  return out.join('\n');
}
