import { lowerFirst } from '../../src/lower-first.js';
import type { Recommendation } from '../../src/decision/recommend.js';
import type { Style } from '../style.js';
import { bullet, wrap } from './wrap.js';

/**
 * The human summary of a recommendation: name, one-line why, where we depart from the article
 * and why, reasons, caveats, alternatives (the article's answer marked), notes.
 */
export function renderRecommendation(rec: Recommendation, style: Style, width: number): string {
  const out: string[] = [];
  out.push('', `${style.dim('Recommended:')} ${style.bold(style.green(rec.outcome.name))}`);
  // An outcome's one-line why assumes the article's path to it; a departure gives its own.
  if (!rec.departure) out.push(...wrap(rec.outcome.why, width), '');
  else {
    const said = `The article's tree says ${rec.article.name}; for these answers we recommend ${rec.outcome.name}, because ${lowerFirst(rec.departure.because)}`;
    out.push(...wrap(said, width).map((line) => style.yellow(line)));
    for (const source of rec.departure.sources) {
      out.push(...wrap(`Source: ${source.title} <${source.url}>`, width).map((line) => style.dim(line)));
    }
    out.push(style.dim(`(checked ${rec.departure.checked})`), '');
  }

  out.push(style.bold('Why'));
  for (const reason of rec.answerReasons) out.push(bullet(style.green('✓'), reason, width));
  // The article's "use it when" points describe the article's path to this protocol, not a departure's.
  if (rec.useWhen.length > 0 && !rec.departure) {
    out.push(style.dim(`  The article: use ${rec.outcome.name} when`));
    for (const point of rec.useWhen) out.push(bullet(style.dim('·'), style.dim(point), width, 4));
  }
  out.push('', style.bold('Caveats'));
  for (const caveat of rec.caveats) out.push(bullet(style.yellow('!'), caveat, width));

  out.push('', style.bold('Alternatives'));
  rec.alternatives.forEach((alt, i) => {
    const mark = rec.departure && alt.outcome.id === rec.article.id ? ` ${style.dim("(the article's answer)")}` : '';
    out.push(bullet(`${i + 1}.`, `${style.bold(alt.outcome.name)}${mark}: if ${alt.flipIf}`, width));
  });
  if (rec.notes.length > 0) {
    out.push('', style.bold('Notes'));
    for (const note of rec.notes) out.push(bullet(style.cyan('i'), note, width));
  }
  out.push('', `${style.bold('Scaffold it:')} ${style.cyan(rec.scaffold.command)}`, '');
  return out.join('\n');
}
