// @ts-check
// The browser side of the starter: no build step, plain ES module. Paths are relative so
// the page also works when a host server mounts the API under a prefix.

/** @typedef {{ id: number, type: string, value: number, ts?: string }} StoredRecord */
/** @typedef {{ records: StoredRecord[], next: number, hasMore: boolean }} RecordsPage */

/**
 * @template {HTMLElement} T
 * @param {string} id
 * @param {new () => T} type
 * @returns {T}
 */
function element(id, type) {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`#${id} is missing`);
  return found;
}

const form = element('ingest', HTMLFormElement);
const body = element('body', HTMLTextAreaElement);
const format = element('format', HTMLSelectElement);
const key = element('key', HTMLInputElement);
const answer = element('answer', HTMLPreElement);
const rows = element('records', HTMLTableSectionElement);
const cursorLabel = element('cursor', HTMLSpanElement);
let cursor = 0;

/** crypto.randomUUID needs a secure context; plain http on a LAN address is not one. */
function newKey() {
  key.value = globalThis.crypto?.randomUUID?.() ?? `key-${Date.now()}-${Math.random().toString(16).slice(2)}`;
}

/**
 * A key names one upload. After a final answer (stored, or refused for good) the next upload
 * is a new one and needs a new key: reusing it would get 422, or replay the old answer. After
 * an answer worth retrying (409 still running, 429, 5xx) or a network error the key stays, so
 * pressing the button again is a safe retry of the same upload.
 * @param {number} status
 */
function isFinal(status) {
  return !(status === 409 || status === 429 || status >= 500);
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const usedKey = key.value.trim();
  /** @type {Record<string, string>} */
  const headers = { 'Content-Type': format.value };
  if (usedKey !== '') headers['Idempotency-Key'] = usedKey;
  try {
    const response = await fetch('ingest', { method: 'POST', headers, body: body.value });
    const replayed = response.headers.get('Idempotent-Replayed') === 'true' ? ' (replayed: stored once)' : '';
    const next = isFinal(response.status) ? 'a new key is ready for the next upload' : 'same key kept: retry is safe';
    answer.textContent = `${response.status}${replayed} with key ${usedKey || '(none)'}; ${next}\n${JSON.stringify(await response.json(), null, 2)}`;
    if (isFinal(response.status)) newKey();
    if (response.status === 202) await loadNewer();
  } catch (error) {
    answer.textContent = `Network error: ${String(error)}\nSame key kept: sending again is a safe retry.`;
  }
});

/** Reads every page after the cursor; the cursor makes this safe to repeat. */
async function loadNewer() {
  for (let page = 0; page < 20; page += 1) {
    const response = await fetch(`records?after=${cursor}&limit=100`);
    if (!response.ok) return;
    /** @type {RecordsPage} */
    const result = await response.json();
    for (const record of result.records) rows.prepend(row(record));
    cursor = result.next;
    cursorLabel.textContent = `cursor: after=${cursor}`;
    if (!result.hasMore) return;
  }
}

/** @param {StoredRecord} record */
function row(record) {
  const tr = document.createElement('tr');
  for (const value of [record.id, record.type, record.value, record.ts ?? '']) {
    const td = document.createElement('td');
    td.textContent = String(value);
    tr.append(td);
  }
  return tr;
}

element('new-key', HTMLButtonElement).addEventListener('click', newKey);
element('more', HTMLButtonElement).addEventListener('click', () => void loadNewer());
newKey();
void loadNewer();
