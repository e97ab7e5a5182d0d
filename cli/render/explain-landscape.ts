import type { landscapeReport } from '../../src/catalogue/topic-report.js';
import { checkedOn, type Source } from '../../src/catalogue/source.js';
import type { Style } from '../style.js';
import { bullet, wrap } from './wrap.js';

/** `explain <landscape id>`: status, facts with numbered sources, when to use it, what to start from. */
export function renderLandscape(entry: ReturnType<typeof landscapeReport>, style: Style, width: number): string {
  // Number each distinct source once, in the order the facts cite them.
  const numbered: Source[] = [];
  const numberOf = (source: Source) => {
    let i = numbered.findIndex((s) => s.url === source.url);
    if (i < 0) i = numbered.push(source) - 1;
    return i + 1;
  };
  const facts = entry.facts.map((fact) => `${fact.text} ${fact.sources.map((s) => `[${numberOf(s)}]`).join('')}`);

  const out = [style.bold(entry.name), ...wrap(entry.tagline, width), ''];
  out.push(...wrap(`${style.bold('Status:')} ${entry.status} (checked ${checkedOn})`, width));
  out.push('', style.bold('What we found'), ...facts.map((line) => bullet('•', line, width)));
  out.push('', style.bold('Use it when'), ...entry.useWhen.map((line) => bullet('•', line, width)));
  out.push('', style.bold('Gotchas'), ...entry.gotchas.map((line) => bullet(style.yellow('!'), line, width)));
  out.push('');
  if (entry.scaffoldCommand) {
    out.push(`${style.bold('Starter:')} ${style.cyan(entry.scaffoldCommand)}`, ...wrap(entry.starterNote, width - 2).map((l) => `  ${l}`));
  } else {
    out.push(`${style.bold('Starter:')} none`, ...wrap(entry.starterNote, width - 2).map((l) => `  ${l}`));
    out.push('', style.bold('Use instead'), ...entry.instead.map((line) => bullet('•', line, width)));
  }
  out.push('', ...wrap(`Closest protocol in the article: ${entry.relatesTo} (npx choose-protocol explain ${entry.relatesTo}).`, width).map((l) => style.dim(l)));
  out.push('', style.bold(`Sources (checked ${checkedOn})`));
  numbered.forEach((source, i) => {
    const marker = `[${i + 1}]`;
    out.push(bullet(marker, source.title, width));
    out.push(...wrap(source.url, Math.max(10, width - marker.length - 3)).map((l) => style.dim(`${' '.repeat(marker.length + 3)}${l}`)));
  });
  out.push('');
  return out.join('\n');
}
