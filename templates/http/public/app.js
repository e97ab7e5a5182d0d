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

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  /** @type {Record<string, string>} */
  const headers = { 'Content-Type': format.value };
  if (key.value.trim() !== '') headers['Idempotency-Key'] = key.value.trim();
  try {
    const response = await fetch('ingest', { method: 'POST', headers, body: body.value });
    const replayed = response.headers.get('Idempotent-Replayed') === 'true' ? ' (replayed: stored once)' : '';
    answer.textContent = `${response.status}${replayed}\n${JSON.stringify(await response.json(), null, 2)}`;
    if (response.status === 202) await loadNewer();
  } catch (error) {
    answer.textContent = `Network error: ${String(error)}`;
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
