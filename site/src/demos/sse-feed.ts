// The SSE feed demo: the sse starter's temperature feed, read with fetch and the starter's own
// incremental parser (templates/sse/public/sse-parser.js) so the page can show the raw lines.
// On a cut it reconnects with Last-Event-ID, as EventSource does, and counts gaps and duplicates
// in the ids to show that the resume is exact. While the tab is hidden the stream is closed
// (lib/tab-visibility.ts says why) and resumed the same way when the tab is shown.
import { createSseParser } from '../../../templates/sse/public/sse-parser.js';
import { counters, field, frame, h } from './lib/dom.js';
import { cutConnection, demoUrl, newCid, NO_SERVER, refusalText, serverIsUp } from './lib/server-url.js';
import { PAUSED, watchVisibility } from './lib/tab-visibility.js';
import { createWirePanel } from './lib/wire-panel.js';

export function mount(root: HTMLElement, options: { base: string }): () => void {
  const { base } = options;
  const ui = frame(root, 'SSE feed with Last-Event-ID resume');
  const reading = h('output', { class: 'cp-demo-big' }, '–');
  const count = counters({ received: 'Events', lastId: 'Last id', reconnects: 'Reconnects', gaps: 'Gaps', duplicates: 'Duplicates' });
  const cutButton = h('button', { type: 'button', class: 'cp-demo-button cp-demo-cut', disabled: true }, 'Cut the connection');
  const wire = createWirePanel('On the wire: text/event-stream lines');
  ui.section.append(
    h('div', { class: 'cp-demo-row' }, field('Temperature', reading), cutButton),
    count.element,
    wire.element,
  );

  const stopped = new AbortController();
  const visibility = watchVisibility();
  /** The open stream's own abort: the tab being hidden closes it, and only it. */
  let connection: AbortController | undefined;
  let cid = '';
  let lastId: number | undefined;
  let lastEventId = '';
  let retryMs = 1_000;

  visibility.onChange((hidden) => {
    if (!hidden || connection === undefined || connection.signal.aborted) return;
    ui.status(PAUSED, 'warn');
    wire.add('note', 'tab hidden: closed the stream; it resumes with Last-Event-ID when the tab is shown');
    connection.abort();
  });

  cutButton.addEventListener('click', () => {
    wire.add('note', 'asked the server to cut this connection');
    void cutConnection(base, cid).catch(() => undefined);
  });

  function onEvent(event: { type: string; data: string; lastEventId: string }): void {
    const id = Number(event.lastEventId);
    if (event.type === 'reset') {
      wire.add('note', `reset: the server says events were lost (${event.data}); continuing from id ${event.lastEventId}`);
      lastId = id;
      return;
    }
    if (lastId !== undefined && Number.isSafeInteger(id)) {
      if (id <= lastId) count.set('duplicates', count.get('duplicates') + 1);
      else if (id > lastId + 1) count.set('gaps', count.get('gaps') + (id - lastId - 1));
    }
    if (Number.isSafeInteger(id)) lastId = Math.max(lastId ?? id, id);
    count.set('received', count.get('received') + 1);
    count.set('lastId', event.lastEventId);
    try {
      const data = JSON.parse(event.data) as { value?: unknown; unit?: unknown };
      reading.textContent = typeof data.value === 'number' ? `${data.value.toFixed(1)} °${String(data.unit ?? '')}` : event.data;
    } catch {
      reading.textContent = event.data;
    }
  }

  async function connectOnce(): Promise<void> {
    cid = newCid();
    const headers: Record<string, string> = { Accept: 'text/event-stream', 'x-demo-cid': cid };
    if (lastEventId !== '') headers['Last-Event-ID'] = lastEventId;
    wire.add('out', `GET /demos/sse/events${lastEventId !== '' ? `  Last-Event-ID: ${lastEventId}` : ''}`);
    connection = new AbortController();
    const response = await fetch(demoUrl(base, '/demos/sse/events'), { headers, signal: connection.signal, cache: 'no-store' });
    if (!response.ok || response.body === null) {
      const text = await refusalText(response);
      ui.status(`Refused: ${text}`, 'error');
      wire.add('in', `HTTP ${response.status}`);
      return;
    }
    ui.status(lastEventId === '' ? 'Connected: events arrive as the server publishes them.' : `Reconnected with Last-Event-ID ${lastEventId}: no gap, no duplicate.`);
    wire.add('in', `HTTP ${response.status} ${response.headers.get('content-type') ?? ''}`);
    cutButton.disabled = false;
    const parser = createSseParser({
      onEvent,
      onRetry: (ms: number) => (retryMs = ms),
    });
    const lines = new TextDecoder();
    let partial = '';
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parser.push(value);
        lastEventId = parser.lastEventId();
        partial += lines.decode(value, { stream: true });
        const parts = partial.split(/\r\n|\r|\n/);
        partial = parts.pop() ?? '';
        for (const line of parts) if (line !== '') wire.add('in', line);
      }
      ui.status('The server ended the stream; reconnecting…', 'warn');
    } finally {
      cutButton.disabled = true;
      reader.cancel().catch(() => undefined);
    }
  }

  async function run(): Promise<void> {
    if (!(await serverIsUp(base))) {
      ui.status(NO_SERVER, 'warn');
      return;
    }
    let first = true;
    while (!stopped.signal.aborted) {
      if (visibility.hidden()) {
        ui.status(PAUSED, 'warn');
        await visibility.visible(stopped.signal);
        if (stopped.signal.aborted) return;
      }
      try {
        if (!first) count.set('reconnects', count.get('reconnects') + 1);
        first = false;
        await connectOnce();
      } catch {
        if (stopped.signal.aborted) return;
        if (visibility.hidden()) continue; // paused, said in the page: resume when shown
        ui.status(`Connection lost; reconnecting in ${(retryMs / 1000).toFixed(1)} s with Last-Event-ID ${lastEventId || '(none)'}…`, 'warn');
        wire.add('note', 'connection closed');
      }
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  }

  void run();
  return () => {
    stopped.abort();
    connection?.abort();
    visibility.dispose();
    root.replaceChildren();
  };
}
