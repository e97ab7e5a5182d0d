// The ingest demo: an NDJSON upload to the http starter's own /ingest, mounted at
// /demos/ingest, with an Idempotency-Key. "Retry" sends the same body with the same key: the
// starter answers with the stored answer (Idempotent-Replayed: true) and stores nothing twice.
// After a final answer the page makes a new key, so the next upload is a new request.
import { counters, field, frame, h } from './lib/dom.js';
import { demoUrl, NO_SERVER, serverIsUp } from './lib/server-url.js';
import { createWirePanel } from './lib/wire-panel.js';

interface StoredRecord {
  id: number;
  type: string;
  value: number;
  ts?: string;
}

function sampleBody(): string {
  const now = Date.now();
  return [0, 1, 2].map((i) => JSON.stringify({ type: 'reading', value: Math.round(Math.random() * 1000) / 10, ts: new Date(now + i).toISOString() })).join('\n');
}

function newKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `demo-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

export function mount(root: HTMLElement, options: { base: string }): () => void {
  const { base } = options;
  const ui = frame(root, 'NDJSON ingest with Idempotency-Key');
  const body = h('textarea', { rows: '4', class: 'cp-demo-input cp-demo-textarea', spellcheck: 'false' });
  body.value = sampleBody();
  const key = h('input', { class: 'cp-demo-input', autocomplete: 'off', maxlength: '255' });
  key.value = newKey();
  const upload = h('button', { type: 'submit', class: 'cp-demo-button' }, 'Upload');
  const retry = h('button', { type: 'button', class: 'cp-demo-button', disabled: true }, 'Retry the last upload');
  const form = h('form', { class: 'cp-demo-stack' }, field('NDJSON body (one record a line)', body), field('Idempotency-Key', key), h('div', { class: 'cp-demo-row' }, upload, retry));
  const answer = h('output', { class: 'cp-demo-answer', 'aria-live': 'polite' }, '\u00a0');
  const rows = h('tbody');
  // "time (UTC)" is the record's ts as its time of day (the date is today's).
  const table = h('table', { class: 'cp-demo-table cp-demo-records' }, h('caption', {}, 'Stored records (newest first)'), h('thead', {}, h('tr', {}, ...['id', 'type', 'value', 'time (UTC)'].map((name) => h('th', { scope: 'col' }, name)))), rows);
  const count = counters({ uploads: 'Uploads', replayed: 'Replayed', stored: 'New records' });
  const wire = createWirePanel('On the wire: the request and its answer');
  ui.section.append(form, answer, count.element, h('div', { class: 'cp-demo-table-scroll', tabindex: '0', role: 'region', 'aria-label': 'Stored records' }, table), wire.element);

  let last: { body: string; key: string } | undefined;
  let cursor = 0;
  let disposed = false;

  async function loadNewer(): Promise<void> {
    for (let page = 0; page < 10; page += 1) {
      const response = await fetch(demoUrl(base, `/demos/ingest/records?after=${cursor}&limit=100`), { cache: 'no-store' });
      if (!response.ok) return;
      const result = (await response.json()) as { records: StoredRecord[]; next: number; hasMore: boolean };
      for (const record of result.records) {
        rows.prepend(h('tr', {}, ...[record.id, record.type, record.value, record.ts?.slice(11, 23) ?? ''].map((value) => h('td', {}, String(value)))));
        count.set('stored', count.get('stored') + 1);
      }
      while (rows.childElementCount > 8) rows.lastElementChild?.remove();
      cursor = result.next;
      if (!result.hasMore) return;
    }
  }

  async function send(text: string, idempotencyKey: string): Promise<void> {
    upload.disabled = true;
    retry.disabled = true;
    const bytes = new TextEncoder().encode(text);
    wire.add('out', `POST /demos/ingest/ingest  Content-Type: application/x-ndjson  Idempotency-Key: ${idempotencyKey}  Content-Length: ${bytes.length}`);
    for (const line of text.split('\n')) if (line.trim() !== '') wire.add('out', line);
    try {
      // Chromium streams request bodies (ReadableStream + duplex: 'half') only over HTTP/2; over
      // HTTP/1.1 the page sends one body, which the starter still parses line by line as it arrives.
      const response = await fetch(demoUrl(base, '/demos/ingest/ingest'), {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-ndjson', 'Idempotency-Key': idempotencyKey },
        body: bytes,
      });
      const replayed = response.headers.get('Idempotent-Replayed') === 'true';
      const json = await response.text();
      wire.add('in', `HTTP ${response.status}${replayed ? '  Idempotent-Replayed: true' : ''}  ${json}`);
      count.set('uploads', count.get('uploads') + 1);
      if (replayed) count.set('replayed', count.get('replayed') + 1);
      answer.textContent = replayed
        ? `${response.status}: replayed. The server answered from its record of this key; nothing was stored twice.`
        : `${response.status}: ${json}`;
      ui.status(response.ok ? 'Acknowledged.' : `Refused with ${response.status}.`, response.ok ? 'ok' : 'warn');
      last = { body: text, key: idempotencyKey };
      // A final answer (anything but 409 in flight / 503 busy) ends this key's life: the next
      // upload gets a new one, so "fix the body and send" is never mistaken for a retry.
      if (response.status !== 409 && response.status !== 503) {
        key.value = newKey();
        body.value = sampleBody();
      }
      await loadNewer();
    } catch (error) {
      answer.textContent = `Network error: ${error instanceof Error ? error.message : String(error)}. Retry with the same key is safe.`;
      ui.status('The upload did not get an answer; retry it with the same key.', 'warn');
      last = { body: text, key: idempotencyKey };
    } finally {
      upload.disabled = false;
      retry.disabled = last === undefined;
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void send(body.value, key.value.trim());
  });
  retry.addEventListener('click', () => {
    if (last) void send(last.body, last.key);
  });

  void serverIsUp(base).then(async (up) => {
    if (disposed) return;
    upload.disabled = !up;
    if (!up) return ui.status(NO_SERVER, 'warn');
    ui.status('Ready: upload, then retry to see it stored once.');
    await loadNewer().catch(() => undefined);
    count.set('stored', 0);
  });

  return () => {
    disposed = true;
    root.replaceChildren();
  };
}
