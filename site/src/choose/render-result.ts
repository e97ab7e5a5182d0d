/**
 * Builds the recommendation's markup from the engine's own report (the object
 * `choose-protocol recommend --json` prints), plus the article's path through its tree. DOM
 * calls and textContent only: nothing from the URL is ever parsed as HTML.
 */
import type { Recommendation } from '../../../src/decision/recommend.js';
import type { RecommendationReport } from '../../../src/decision/report.js';

type Child = Node | string;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function list(items: readonly string[], testId: string): HTMLUListElement {
  return el('ul', { 'data-testid': testId }, ...items.map((item) => el('li', {}, item)));
}

function copyable(command: string, testId: string, label: string): HTMLElement {
  const code = el('code', { 'data-testid': testId }, command);
  const button = el('button', { type: 'button', class: 'copy-button', 'data-copy': command }, `Copy`);
  button.setAttribute('aria-label', `Copy ${label}`);
  const status = el('span', { class: 'copy-status', role: 'status' });
  return el('div', { class: 'copy-line' }, el('pre', {}, code), button, status);
}

export function renderResult(rec: Recommendation, report: RecommendationReport, cliFlags: readonly string[]): DocumentFragment {
  const out = document.createDocumentFragment();
  out.append(
    el('p', { class: 'choose-pick' }, 'We recommend ', el('strong', { 'data-testid': 'recommendation' }, report.recommendation.name), '.'),
  );
  if (report.departure) {
    out.append(
      el(
        'div',
        { class: 'choose-departure', 'data-testid': 'departure' },
        el('p', {}, "The article's tree says ", el('strong', { 'data-testid': 'article' }, report.article.name), `; for these answers we recommend ${report.recommendation.name}, because:`),
        el('p', { 'data-testid': 'departure-because' }, report.departure.because),
        el(
          'p',
          { class: 'choose-sources' },
          `Sources (checked ${report.departure.checked}): `,
          ...report.departure.sources.flatMap((source, i) => [i > 0 ? '; ' : '', el('a', { href: source.url }, source.title)]),
        ),
      ),
    );
  } else {
    out.append(el('p', { 'data-testid': 'agrees' }, "The article's tree gives the same answer."));
  }
  out.append(
    el('h3', {}, "The article's tree, as you answered it"),
    el('ol', { class: 'choose-path' }, ...rec.path.map((step) => el('li', {}, `${step.node.text} `, el('strong', {}, step.branch.label)))),
    el('h3', {}, 'Why'),
    list(report.reasons, 'reasons'),
  );
  if (report.caveats.length > 0) out.append(el('h3', {}, 'Watch out for'), list(report.caveats, 'caveats'));
  if (report.notes.length > 0) out.append(el('h3', {}, 'What your extra answers changed'), list(report.notes, 'notes'));
  out.append(
    el('h3', {}, 'Alternatives, and what would make each the pick'),
    el(
      'ol',
      { 'data-testid': 'alternatives' },
      ...report.alternatives.map((alt) =>
        el(
          'li',
          { 'data-alternative': alt.id },
          el('strong', { 'data-testid': 'alternative-name' }, alt.name),
          report.departure && alt.id === report.article.id ? " (the article's answer)" : '',
          ': ',
          el('span', { 'data-testid': 'flip-if' }, `if ${alt.flipIf}`),
        ),
      ),
    ),
    el('h3', {}, 'Scaffold the starter'),
    copyable(report.scaffoldCommand, 'scaffold-command', 'the scaffold command'),
    el('h3', {}, 'The same answers in a terminal'),
    copyable(['npx choose-protocol recommend', ...cliFlags].join(' '), 'recommend-command', 'the recommend command'),
  );
  return out;
}
