// Tiny DOM helpers for the demo modules: no framework, text only (never innerHTML), so nothing a
// server or another reader sends can inject markup.

type Attributes = Record<string, string | boolean | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : value);
  }
  element.append(...children);
  return element;
}

let counter = 0;
/** A document-unique id, so two demos on one page never share a label's `for`. */
export function uid(prefix: string): string {
  counter += 1;
  return `cp-demo-${prefix}-${counter}-${Math.random().toString(36).slice(2, 7)}`;
}

/** A labelled input in a `cp-demo-field` wrapper. */
export function field(label: string, input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | HTMLOutputElement): HTMLElement {
  input.id ||= uid('field');
  return h('div', { class: 'cp-demo-field' }, h('label', { for: input.id }, label), input);
}

/** The demo's frame: a region named by its title, with a status line read out politely. */
export function frame(root: HTMLElement, title: string): { section: HTMLElement; status: (text: string, tone?: 'ok' | 'warn' | 'error') => void } {
  const headingId = uid('title');
  const statusLine = h('p', { class: 'cp-demo-status', role: 'status', 'aria-live': 'polite' }, 'Starting…');
  const section = h('section', { class: 'cp-demo', 'aria-labelledby': headingId }, h('h2', { id: headingId, class: 'cp-demo-title' }, title), statusLine);
  root.replaceChildren(section);
  return {
    section,
    status(text, tone = 'ok') {
      statusLine.textContent = text;
      statusLine.dataset['tone'] = tone;
    },
  };
}

/** A row of named counters (`<dl>`), each updated in place. */
export function counters<N extends string>(names: Record<N, string>): { element: HTMLElement; set: (name: N, value: number | string) => void; get: (name: N) => number } {
  const values = new Map<N, number | string>();
  const cells = new Map<N, HTMLElement>();
  const list = h('dl', { class: 'cp-demo-counters' });
  for (const [name, label] of Object.entries(names) as [N, string][]) {
    const value = h('dd', { 'data-counter': name }, '0');
    cells.set(name, value);
    values.set(name, 0);
    list.append(h('div', {}, h('dt', {}, label), value));
  }
  return {
    element: list,
    set(name, value) {
      values.set(name, value);
      const cell = cells.get(name);
      if (cell) cell.textContent = String(value);
    },
    get(name) {
      const value = values.get(name);
      return typeof value === 'number' ? value : 0;
    },
  };
}
