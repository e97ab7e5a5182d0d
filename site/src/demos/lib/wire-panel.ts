import { h, uid } from './dom.js';

export type Direction = 'in' | 'out' | 'note';

/**
 * "On the wire": what crossed the connection, decoded, newest last. Fixed height with its own
 * scroll (no layout shift), at most `max` entries kept, so a fast feed cannot grow the page.
 */
export function createWirePanel(title = 'On the wire', max = 60) {
  const headingId = uid('wire');
  const list = h('ol', { class: 'cp-demo-wire-list' });
  const element = h(
    'section',
    { class: 'cp-demo-wire', 'aria-labelledby': headingId },
    h('h3', { id: headingId, class: 'cp-demo-wire-title' }, title),
    h('div', { class: 'cp-demo-wire-scroll', tabindex: '0', role: 'log', 'aria-label': title }, list),
  );
  const scroller = element.querySelector('.cp-demo-wire-scroll') as HTMLElement;
  let paused = false;
  scroller.addEventListener('focus', () => (paused = true));
  scroller.addEventListener('blur', () => (paused = false));

  return {
    element,
    add(direction: Direction, text: string): void {
      const arrow = direction === 'in' ? '←' : direction === 'out' ? '→' : '·';
      const item = h('li', { class: `cp-demo-wire-${direction}` }, h('span', { class: 'cp-demo-wire-dir', 'aria-label': direction === 'in' ? 'received' : direction === 'out' ? 'sent' : 'note' }, arrow), ' ', text);
      list.append(item);
      while (list.childElementCount > max) list.firstElementChild?.remove();
      // Keyboard readers who focused the log to read it are not scrolled away from what they read.
      if (!paused) scroller.scrollTop = scroller.scrollHeight;
    },
    clear(): void {
      list.replaceChildren();
    },
  };
}

export type WirePanel = ReturnType<typeof createWirePanel>;
