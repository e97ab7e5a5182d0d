/**
 * The Choose page in the browser: reads the form, runs the engine's own recommend() and
 * toReport() (the functions behind `choose-protocol recommend --json`), renders the result and
 * keeps the answers in the URL, so a link restores them and the same answers give the same
 * result in the terminal.
 */
import { directions, peers, type Direction, type Peer } from '../../../src/decision/answers.js';
import { rateMatters } from '../../../src/decision/rate-matters.js';
import { missingAnswers } from '../../../src/decision/decide.js';
import { questionFor, refinementQuestions, refinementsFor } from '../../../src/decision/questions.js';
import { recommend } from '../../../src/decision/recommend.js';
import { toReport } from '../../../src/decision/report.js';
import { paramOf, readQuery, recommendFlags, validate, writeQuery, type QueryAnswers, type RefinementKey } from './answers-query';
import { renderResult } from './render-result';

function radios(form: HTMLFormElement, name: string): HTMLInputElement[] {
  return [...form.querySelectorAll<HTMLInputElement>(`input[type=radio][name="${name}"]`)];
}

function rateInput(form: HTMLFormElement): HTMLInputElement {
  return form.querySelector<HTMLInputElement>('input[name="rate"]')!;
}

/** Shown where the advice reads the rate, as the terminal questionnaire asks it (rateMatters). */
function rateApplies(direction: string | undefined, peer: string | undefined): boolean {
  if (direction === undefined || !(directions as readonly string[]).includes(direction)) return false;
  const known = peer !== undefined && (peers as readonly string[]).includes(peer) ? { peer: peer as Peer } : {};
  return rateMatters({ direction: direction as Direction, ...known });
}

function readForm(form: HTMLFormElement): QueryAnswers {
  const checked = (name: string) => radios(form, name).find((r) => r.checked)?.value;
  const read: QueryAnswers = { refinements: [] };
  const direction = checked('direction');
  const peer = checked('peer');
  if (direction !== undefined) read.direction = direction;
  if (peer !== undefined) read.peer = peer;
  const rate = rateInput(form).value.trim();
  if (rateApplies(direction, peer) && rate !== '') read.rate = rate;
  // A refinement that does not apply to this kind of client (e.g. --devices outside --peer
  // service) is hidden, so it must not count even if it was ticked before the peer changed.
  const applicable = refinementsFor(peer === undefined ? {} : { peer: peer as Peer });
  read.refinements = applicable
    .filter((q) => form.querySelector<HTMLInputElement>(`input[type=checkbox][name="${paramOf(q.flag)}"]`)?.checked)
    .map((q) => q.key as RefinementKey);
  return read;
}

function fillForm(form: HTMLFormElement, query: QueryAnswers): void {
  for (const r of radios(form, 'direction')) r.checked = r.value === query.direction;
  for (const r of radios(form, 'peer')) r.checked = r.value === query.peer;
  rateInput(form).value = query.rate ?? '';
  for (const q of refinementQuestions) {
    const box = form.querySelector<HTMLInputElement>(`input[type=checkbox][name="${paramOf(q.flag)}"]`);
    if (box) box.checked = query.refinements.includes(q.key);
  }
}

function showErrors(form: HTMLFormElement, errors: Partial<Record<string, string>>): void {
  for (const slot of form.querySelectorAll<HTMLElement>('[data-error-for]')) {
    const message = errors[slot.dataset['errorFor'] ?? ''];
    slot.textContent = message ?? '';
  }
  rateInput(form).setAttribute('aria-invalid', errors['rate'] ? 'true' : 'false');
}

function update(form: HTMLFormElement, output: HTMLElement, given: QueryAnswers): void {
  const direction = given.direction;
  // A rate in a link for a direction where the server never sends is not an answer to anything.
  const { rate: _unused, ...withoutRate } = given;
  const query: QueryAnswers = rateApplies(direction, given.peer) ? given : withoutRate;
  const rateField = form.querySelector<HTMLElement>('[data-rate-field]')!;
  rateField.hidden = !rateApplies(direction, query.peer);
  form.querySelector<HTMLElement>('[data-rate-optional]')!.hidden = direction !== 'bidirectional';

  const applicable = new Set(refinementsFor(query.peer === undefined ? {} : { peer: query.peer as Peer }).map((q) => q.key));
  for (const q of refinementQuestions) {
    const box = form.querySelector<HTMLInputElement>(`input[type=checkbox][name="${paramOf(q.flag)}"]`);
    const label = box?.closest<HTMLElement>('label');
    if (label) label.hidden = !applicable.has(q.key);
  }

  const { answers, errors } = validate(query);
  showErrors(form, errors);
  const search = writeQuery(query).toString();
  history.replaceState(null, '', search ? `?${search}` : location.pathname);

  const rec = Object.keys(errors).length === 0 ? recommend(answers) : undefined;
  if (!rec) {
    const needed = missingAnswers(answers)
      .filter((m) => m.onlyIf === undefined)
      .map((m) => questionFor(m.key).prompt);
    const text =
      Object.keys(errors).length > 0
        ? 'Fix the answer marked above to see the recommendation.'
        : `Still to answer: ${needed.join(' ')}`;
    output.replaceChildren(Object.assign(document.createElement('p'), { textContent: text }));
    output.dataset['state'] = 'incomplete';
    return;
  }
  output.replaceChildren(renderResult(rec, toReport(rec), recommendFlags(answers)));
  output.dataset['state'] = 'done';
}

async function copy(button: HTMLButtonElement): Promise<void> {
  const status = button.parentElement?.querySelector<HTMLElement>('.copy-status');
  try {
    await navigator.clipboard.writeText(button.dataset['copy'] ?? '');
    if (status) status.textContent = 'Copied.';
  } catch {
    if (status) status.textContent = 'Copy failed: select the command and copy it.';
  }
}

export function startChooseForm(doc: Document): void {
  const form = doc.querySelector<HTMLFormElement>('[data-choose-form]');
  const output = doc.querySelector<HTMLElement>('[data-choose-output]');
  if (!form || !output) return;
  const initial = readQuery(new URLSearchParams(location.search));
  fillForm(form, initial);
  update(form, output, initial);
  const onChange = () => update(form, output, readForm(form));
  form.addEventListener('input', onChange);
  form.addEventListener('change', onChange);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onChange();
    output.closest('section')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  });
  output.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('button[data-copy]');
    if (button) void copy(button);
  });
}
