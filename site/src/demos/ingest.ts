// The ingest demo: an NDJSON upload to the http starter's own /ingest, mounted at
// /demos/ingest, with an Idempotency-Key. "Retry" sends the same body with the same key: the
// starter answers with the stored answer (Idempotent-Replayed: true) and stores nothing twice.
// After a final answer the page makes a new key, so the next upload is a new request.
import { counters, field, frame, h } from './lib/dom.js';
import { demoUrl, NO_SERVER, serverIsUp } from './lib/server-url.js';
import { createWirePanel } from './lib/wire-panel.js';

interface RecordsPage {
  records: StoredRecord[];
  next: number;
  hasMore: boolean;
}

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
  let store: string | null = null;

  /**
   * The demo server replaces its store with an empty one once it is full (DEMO_MAX_INGEST_STORE_BYTES),
   * and names the store on every answer: ids then start again from 1, so the page does too.
   */
  function noteStore(response: Response): void {
    const now = response.headers.get('X-Demo-Ingest-Store');
    if (now === null || now === store) return;
    const replaced = store !== null;
    store = now;
    if (!replaced) return;
    cursor = 0;
    rows.replaceChildren();
    wire.add('note', 'the demo server emptied its full store: record ids start again from 1');
  }

  async function readPage(after: number, limit: number): Promise<RecordsPage | undefined> {
    const response = await fetch(demoUrl(base, `/demos/ingest/records?after=${after}&limit=${limit}`), { cache: 'no-store' });
    noteStore(response);
    return response.ok ? ((await response.json()) as RecordsPage) : undefined;
  }

  /**
   * The id of the newest record now. The store is shared by every reader and the records route
   * only pages forward from a cursor, so the end is found by doubling, then halving (about
   * 2·log2(n) reads of one record each): reading forward from 0, ten pages a time, left the
   * page's cursor behind once the store held more than that, and counted old records as new.
   */
  async function lastIdNow(): Promise<number | undefined> {
    const exists = async (after: number): Promise<boolean | undefined> => {
      const page = await readPage(after, 1);
      return page === undefined ? undefined : page.records.length > 0;
    };
    const any = await exists(0);
    if (any !== true) return any === undefined ? undefined : 0;
    let low = 0;
    let high = 1;
    for (;;) {
      const more = await exists(high);
      if (more === undefined) return undefined;
      if (!more) break;
      low = high;
      high *= 2;
    }
    // There is a record after `low` and none after `high`: the last id is in (low, high].
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      const more = await exists(middle);
      if (more === undefined) return undefined;
      if (more) low = middle;
      else high = middle;
    }
    return high;
  }

  async function loadNewer(): Promise<void> {
    for (let page = 0; page < 10; page += 1) {
      const before = store;
      const result = await readPage(cursor, 100);
      if (result === undefined) return;
      // Read from the store that was just replaced: read again from the start of the new one.
      if (store !== before && before !== null) continue;
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
      noteStore(response);
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
    // The newest few records as they are now; "New records" counts from here.
    const last = await lastIdNow().catch(() => undefined);
    if (last === undefined) return;
    cursor = Math.max(0, last - 8);
    await loadNewer().catch(() => undefined);
    count.set('stored', 0);
  });

  return () => {
    disposed = true;
    root.replaceChildren();
  };
}
