// The race: one price feed, each tick published at the same moment over WebSocket (the
// websocket starter's chat room and its connection.js), SSE (the sse starter's hub, read with its
// sse-parser.js) and gRPC-Web (the grpc-web starter's gateway, read with its price-feed.ts). Each
// tick carries its number and publish time, so the page counts what each transport received,
// the gaps, the bytes on the wire and the latency (p50, p99) live. The reader sets the rate and
// the payload (prices per tick). While the tab is hidden the SSE and gRPC-Web connections are
// closed (lib/tab-visibility.ts says why; SSE resumes with Last-Event-ID when the tab is shown,
// gRPC-Web calls again) and the WebSocket stays, which also keeps the session's feed running.
import { createClient } from '@connectrpc/connect';
import { createGrpcWebTransport } from '@connectrpc/connect-web';
import { createSseParser } from '../../../templates/sse/public/sse-parser.js';
import { StockService } from '../../../templates/grpc-web/src/gen/es/stock_pb.js';
import { type Price, watchPrices } from '../../../templates/grpc-web/src/web/browser/price-feed.js';
import { createConnection } from '../../../templates/websocket/public/connection.js';
import { field, frame, h } from './lib/dom.js';
import { cutConnection, demoUrl, demoWsUrl, newCid, NO_SERVER, refusalText, serverIsUp } from './lib/server-url.js';
import { PAUSED, watchVisibility } from './lib/tab-visibility.js';
import { drain, teeFetch } from './lib/tee-fetch.js';

type Transport = 'websocket' | 'sse' | 'grpc-web';
const TRANSPORTS: Transport[] = ['websocket', 'sse', 'grpc-web'];
const LABELS: Record<Transport, string> = { websocket: 'WebSocket', sse: 'SSE', 'grpc-web': 'gRPC-Web' };
const WINDOW = 500;

interface Stats {
  received: number;
  gaps: number;
  bytes: number;
  lastSeq: number | undefined;
  latencies: number[];
  cid: string;
}

interface Tick {
  seq: number;
  at: number;
  quotes: { symbol: string; price: number }[];
}

function percentile(values: readonly number[], p: number): string {
  if (values.length === 0) return '–';
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return `${sorted[Math.max(0, index)]} ms`;
}

export function mount(root: HTMLElement, options: { base: string }): () => void {
  const { base } = options;
  const ui = frame(root, 'Race: one feed over WebSocket, SSE and gRPC-Web');
  const rate = h('select', { class: 'cp-demo-input' }, ...[1, 5, 10, 20, 50].map((n) => h('option', { value: String(n), selected: n === 10 }, `${n} ticks/s`)));
  const size = h('select', { class: 'cp-demo-input' }, ...[1, 5, 10, 20].map((n) => h('option', { value: String(n) }, `${n} price${n === 1 ? '' : 's'} per tick`)));
  const cutButton = h('button', { type: 'button', class: 'cp-demo-button cp-demo-cut', disabled: true }, 'Cut all three connections');
  const body = h('tbody', { role: 'rowgroup' });
  const cells = new Map<Transport, Record<'received' | 'gaps' | 'bytes' | 'p50' | 'p99', HTMLTableCellElement>>();
  for (const transport of TRANSPORTS) {
    const row = {
      received: h('td', { role: 'cell', 'data-race': `${transport}-received`, 'data-label': 'Received' }, '0'),
      gaps: h('td', { role: 'cell', 'data-race': `${transport}-gaps`, 'data-label': 'Gaps' }, '0'),
      bytes: h('td', { role: 'cell', 'data-race': `${transport}-bytes`, 'data-label': 'Bytes' }, '0'),
      p50: h('td', { role: 'cell', 'data-race': `${transport}-p50`, 'data-label': 'p50' }, '–'),
      p99: h('td', { role: 'cell', 'data-race': `${transport}-p99`, 'data-label': 'p99' }, '–'),
    };
    cells.set(transport, row);
    body.append(h('tr', { role: 'row' }, h('th', { scope: 'row', role: 'rowheader' }, LABELS[transport]), row.received, row.gaps, row.bytes, row.p50, row.p99));
  }
  // Explicit table roles: on a narrow screen the CSS stacks each transport's row as a card
  // (display: grid), which would otherwise drop the table's semantics in some browsers.
  const table = h(
    'table',
    { class: 'cp-demo-table', role: 'table' },
    h('caption', {}, 'Per transport: ticks received, gaps, bytes on the wire, latency from publish to arrival'),
    h('thead', { role: 'rowgroup' }, h('tr', { role: 'row' }, ...['Transport', 'Received', 'Gaps', 'Bytes', 'p50', 'p99'].map((name) => h('th', { scope: 'col', role: 'columnheader' }, name)))),
    body,
  );
  const note = h('p', { class: 'cp-demo-note' }, 'Latency is measured in whole milliseconds (gRPC\u2019s PriceUpdate carries a millisecond timestamp), on this machine\u2019s clock.');
  ui.section.append(h('div', { class: 'cp-demo-row' }, field('Rate', rate), field('Payload', size), cutButton), h('div', { class: 'cp-demo-race' }, table), note);

  const stats = new Map<Transport, Stats>(TRANSPORTS.map((t) => [t, { received: 0, gaps: 0, bytes: 0, lastSeq: undefined, latencies: [], cid: '' }]));
  const stopped = new AbortController();
  const visibility = watchVisibility();
  /** The open SSE and gRPC-Web connections' own aborts: hiding the tab closes them, not the race. */
  const open = new Set<AbortController>();
  let session = '';
  let room = '';
  let seqSymbol = 'SEQ';
  let disposed = false;
  let chat: ReturnType<typeof createConnection> | undefined;
  let racing = 'Racing at 10 ticks/s, 1 price per tick.';
  /** Why each refused transport was refused, until it gets a tick again: all of them in the status line at once. */
  const refusals = new Map<Transport, string>();

  function refused(transport: Transport, why: string | undefined): void {
    if (why === undefined ? !refusals.delete(transport) : refusals.get(transport) === why) return;
    if (why !== undefined) refusals.set(transport, why);
    if (refusals.size === 0) return ui.status(racing);
    const list = TRANSPORTS.filter((t) => refusals.has(t)).map((t) => `${LABELS[t]}: ${refusals.get(t)!}`);
    ui.status(`Refused: ${list.join('; ')}. Each retries on its own.`, 'error');
  }

  /** An abort for one connection, ended with the race or while the tab is hidden. */
  function connection(): AbortController {
    const controller = new AbortController();
    if (stopped.signal.aborted) controller.abort();
    else open.add(controller);
    return controller;
  }

  function closeAll(): void {
    for (const controller of open) controller.abort();
    open.clear();
  }

  /** Waits, while the tab is hidden, until it is shown (or the race ends). */
  async function whileHidden(): Promise<void> {
    if (!visibility.hidden()) return;
    ui.status(PAUSED, 'warn');
    await visibility.visible(stopped.signal);
  }

  visibility.onChange((hidden) => {
    if (stopped.signal.aborted || session === '') return;
    if (!hidden) {
      if (refusals.size === 0) ui.status(racing);
      return;
    }
    ui.status(PAUSED, 'warn');
    // gRPC-Web cannot resume: the ticks it misses while paused are not lost by the transport, so
    // they are not counted as gaps (SSE resumes with Last-Event-ID, so its count stays exact).
    stats.get('grpc-web')!.lastSeq = undefined;
    closeAll();
  });

  function record(transport: Transport, seq: number, at: number): void {
    const s = stats.get(transport)!;
    if (s.lastSeq !== undefined && seq > s.lastSeq + 1) s.gaps += seq - s.lastSeq - 1;
    if (s.lastSeq === undefined || seq > s.lastSeq) s.lastSeq = seq;
    s.received += 1;
    if (refusals.has(transport)) refused(transport, undefined);
    s.latencies.push(Math.max(0, Date.now() - at));
    if (s.latencies.length > WINDOW) s.latencies.shift();
  }

  const render = setInterval(() => {
    for (const transport of TRANSPORTS) {
      const s = stats.get(transport)!;
      const row = cells.get(transport)!;
      row.received.textContent = String(s.received);
      row.gaps.textContent = String(s.gaps);
      row.bytes.textContent = s.bytes.toLocaleString('en');
      row.p50.textContent = percentile(s.latencies, 50);
      row.p99.textContent = percentile(s.latencies, 99);
    }
  }, 500);

  async function applySettings(): Promise<void> {
    const response = await fetch(demoUrl(base, `/demos/race/${session}/settings`), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ rate: Number(rate.value), symbols: Number(size.value) }),
    });
    if (!response.ok) ui.status(`Refused: ${await refusalText(response)}`, 'error');
    else {
      for (const s of stats.values()) s.latencies.length = 0;
      racing = `Racing at ${rate.value} ticks/s, ${size.value} price${size.value === '1' ? '' : 's'} per tick.`;
      if (refusals.size === 0) ui.status(racing);
    }
  }

  function startWebSocket(): void {
    chat = createConnection({
      url() {
        stats.get('websocket')!.cid = newCid();
        return `${demoWsUrl(base, '/demos/race/ws')}?cid=${stats.get('websocket')!.cid}`;
      },
      onOpen() {
        chat?.send({ type: 'join', room });
      },
      onStatus() {},
      onMessage(raw: unknown) {
        const message = raw as { type?: string; from?: string; text?: string; code?: string; limit?: string; message?: string };
        // A refused upgrade is closed at once; the demo server says why in one error message first.
        if (message.type === 'error') return refused('websocket', `${message.limit ?? message.code ?? 'error'}: ${message.message ?? ''}`);
        if (message.type !== 'chat' || message.from !== 'race' || typeof message.text !== 'string') return;
        const text = JSON.stringify(message);
        // The frame: 2 header bytes, 2 more for a length of 126 to 65535.
        stats.get('websocket')!.bytes += new TextEncoder().encode(text).length + (text.length > 125 ? 4 : 2);
        const tick = JSON.parse(message.text) as Tick;
        record('websocket', tick.seq, tick.at);
      },
    });
    chat.start();
  }

  async function runSse(): Promise<void> {
    let lastEventId = '';
    while (!stopped.signal.aborted) {
      await whileHidden();
      if (stopped.signal.aborted) return;
      const s = stats.get('sse')!;
      s.cid = newCid();
      const controller = connection();
      try {
        const headers: Record<string, string> = { Accept: 'text/event-stream', 'x-demo-cid': s.cid };
        if (lastEventId !== '') headers['Last-Event-ID'] = lastEventId;
        const response = await fetch(demoUrl(base, `/demos/race/${session}/sse/events`), { headers, signal: controller.signal, cache: 'no-store' });
        if (!response.ok) {
          // Said in the page, never retried in silence: a limit (429/503) is retried, an ended race is not.
          const why = await refusalText(response);
          if (response.status === 404) {
            ui.status(`Refused: ${why}`, 'error');
            return endRace();
          }
          refused('sse', why);
        }
        if (response.ok && response.body) {
          const parser = createSseParser({
            onEvent(event: { type: string; data: string }) {
              if (event.type !== 'tick') return;
              const tick = JSON.parse(event.data) as Tick;
              record('sse', tick.seq, tick.at);
            },
          });
          await drain(response.body, (chunk) => {
            s.bytes += chunk.length;
            parser.push(chunk);
            lastEventId = parser.lastEventId();
          });
        }
      } catch {
        // cut, hidden or stopped: reconnect below
      } finally {
        open.delete(controller);
      }
      if (!visibility.hidden()) await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  async function runGrpc(): Promise<void> {
    const s = stats.get('grpc-web')!;
    const fetchImpl = teeFetch(
      (response, bytes) => {
        // A refusal is the demo server's JSON error, not a gRPC-Web body: say it as written.
        if (!response.ok) void refusalText(new Response(bytes, { status: response.status })).then((why) => refused('grpc-web', why));
        else void drain(bytes, (chunk) => (s.bytes += chunk.length));
      },
      () => ({ 'x-demo-cid': s.cid }),
    );
    const client = createClient(StockService, createGrpcWebTransport({ baseUrl: demoUrl(base, `/demos/race/${session}/grpc`), fetch: fetchImpl }));
    while (!stopped.signal.aborted) {
      await whileHidden();
      if (stopped.signal.aborted) return;
      s.cid = newCid();
      const controller = connection();
      try {
        await watchPrices(client, [seqSymbol], (price: Price) => {
          if (price.symbol === seqSymbol) record('grpc-web', price.price, price.timestamp);
        }, controller.signal);
      } catch {
        // cut: reconnect below
      } finally {
        open.delete(controller);
      }
      if (!visibility.hidden()) await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  /** The session is gone (it idled out, or a newer race from this address replaced it): stop all three. */
  function endRace(): void {
    stopped.abort();
    closeAll();
    chat?.stop();
    cutButton.disabled = true;
  }

  async function start(): Promise<void> {
    if (!(await serverIsUp(base))) return ui.status(NO_SERVER, 'warn');
    const response = await fetch(demoUrl(base, '/demos/race/sessions'), { method: 'POST' });
    if (!response.ok) return ui.status(`Refused: ${await refusalText(response)}`, 'error');
    const created = (await response.json()) as { session: string; room: string; seqSymbol: string };
    if (disposed) return;
    ({ session, room, seqSymbol } = created);
    ui.status(racing);
    cutButton.disabled = false;
    startWebSocket();
    void runSse();
    void runGrpc();
  }

  rate.addEventListener('change', () => void applySettings());
  size.addEventListener('change', () => void applySettings());
  cutButton.addEventListener('click', () => {
    for (const s of stats.values()) void cutConnection(base, s.cid).catch(() => undefined);
    ui.status('Cut all three; each reconnects on its own (SSE resumes with Last-Event-ID, so its gaps stay 0).', 'warn');
  });

  void start();
  return () => {
    disposed = true;
    stopped.abort();
    closeAll();
    visibility.dispose();
    chat?.stop();
    clearInterval(render);
    root.replaceChildren();
  };
}
