// The gRPC prices demo: StockService.StreamPrices over real gRPC-Web (or Connect), through the
// grpc starter's own gateway at /demos/grpc. The stream is read by the starter's browser module
// (templates/grpc-web/src/web/browser/price-feed.ts, watchPrices) over a connect-web transport
// whose fetch copies every byte to the "On the wire" panel, decoded envelope by envelope. After a
// cut it reconnects with the websocket starter's full-jitter backoff (public/backoff.js). While
// the tab is hidden the call is ended (lib/tab-visibility.ts says why) and made again when shown.
import { createClient } from '@connectrpc/connect';
import { createConnectTransport, createGrpcWebTransport } from '@connectrpc/connect-web';
import { StockService } from '../../../templates/grpc-web/src/gen/es/stock_pb.js';
import { type Price, watchPrices } from '../../../templates/grpc-web/src/web/browser/price-feed.js';
import { createBackoff } from '../../../templates/websocket/public/backoff.js';
import { counters, field, frame, h } from './lib/dom.js';
import { createEnvelopeReader, describeProtobuf, hex } from './lib/grpc-web-frames.js';
import { cutConnection, demoUrl, newCid, NO_SERVER, refusalText, serverIsUp } from './lib/server-url.js';
import { drain, teeFetch } from './lib/tee-fetch.js';
import { PAUSED, watchVisibility } from './lib/tab-visibility.js';
import { createWirePanel } from './lib/wire-panel.js';

const SYMBOLS = ['AAPL', 'GOOG', 'MSFT'];

export function mount(root: HTMLElement, options: { base: string }): () => void {
  const { base } = options;
  const ui = frame(root, 'gRPC-Web prices through the gateway');
  const protocol = h('select', { class: 'cp-demo-input' }, h('option', { value: 'grpc-web' }, 'gRPC-Web (binary)'), h('option', { value: 'connect' }, 'Connect (JSON)'));
  const cutButton = h('button', { type: 'button', class: 'cp-demo-button cp-demo-cut', disabled: true }, 'Cut the connection');
  const rows = new Map<string, HTMLTableCellElement[]>();
  const body = h('tbody');
  for (const symbol of SYMBOLS) {
    const cells = [h('td', {}, '–'), h('td', {}, '–')];
    rows.set(symbol, cells);
    body.append(h('tr', {}, h('th', { scope: 'row' }, symbol), ...cells));
  }
  const table = h('table', { class: 'cp-demo-table cp-demo-prices' }, h('caption', {}, 'Live prices (StreamPrices)'), h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Symbol'), h('th', { scope: 'col' }, 'Price'), h('th', { scope: 'col' }, 'Time'))), body);
  const count = counters({ updates: 'Updates', reconnects: 'Reconnects', duplicates: 'Duplicates' });
  const wire = createWirePanel('On the wire: length-prefixed envelopes and trailers');
  ui.section.append(h('div', { class: 'cp-demo-row' }, field('Protocol', protocol), cutButton), table, count.element, wire.element);

  const backoff = createBackoff({ baseMs: 500, maxMs: 5_000, stableMs: 5_000 });
  const stopped = new AbortController();
  const visibility = watchVisibility();
  let call: AbortController | undefined;
  let cid = '';
  const lastSeen = new Map<string, number>();
  /** The demo server's refusal of the last call (its JSON error), which the client reports only as "HTTP 429". */
  let refusal: Promise<string> | undefined;
  /** A refusal shown in the page stays there while the calls are retried, until a price arrives. */
  let refusedShown = false;
  let streamingText = '';

  const fetchImpl = teeFetch(
    (response, bytes) => {
      wire.add('in', `HTTP ${response.status} content-type: ${response.headers.get('content-type') ?? ''}`);
      if (!response.ok) {
        refusal = refusalText(new Response(bytes, { status: response.status }));
        return;
      }
      const reader = createEnvelopeReader(({ flags, payload }) => {
        const head = `envelope flags=0x${flags.toString(16).padStart(2, '0')} length=${payload.length}`;
        if (flags & 0x80) wire.add('in', `${head} trailers: ${new TextDecoder().decode(payload).trim().replace(/\r\n/g, '; ')}`);
        else if (flags & 0x02) wire.add('in', `${head} end-stream: ${new TextDecoder().decode(payload)}`);
        else if (protocol.value === 'connect') wire.add('in', `${head} ${new TextDecoder().decode(payload)}`);
        else wire.add('in', `${head} [${hex(payload)}] ${describeProtobuf(payload)}`);
      });
      void drain(bytes, reader).then(() => {
        // gRPC-Web over fetch: trailers arrive in the body; HTTP-level trailers would be invisible.
      });
    },
    () => ({ 'x-demo-cid': cid }),
  );

  function onPrice(price: Price): void {
    if (refusedShown) {
      refusedShown = false;
      ui.status(streamingText);
    }
    const previous = lastSeen.get(price.symbol);
    if (previous !== undefined && price.timestamp <= previous) count.set('duplicates', count.get('duplicates') + 1);
    lastSeen.set(price.symbol, price.timestamp);
    count.set('updates', count.get('updates') + 1);
    const cells = rows.get(price.symbol);
    if (cells?.[0] && cells[1]) {
      cells[0].textContent = price.price.toFixed(2);
      cells[1].textContent = new Date(price.timestamp).toLocaleTimeString();
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
        refusedShown = false;
        ui.status(PAUSED, 'warn');
        await visibility.visible(stopped.signal);
        if (stopped.signal.aborted) return;
      }
      cid = newCid();
      call = new AbortController();
      const kind = protocol.value === 'connect' ? 'connect' : 'grpc-web';
      const transport =
        kind === 'connect'
          ? createConnectTransport({ baseUrl: demoUrl(base, '/demos/grpc'), fetch: fetchImpl })
          : createGrpcWebTransport({ baseUrl: demoUrl(base, '/demos/grpc'), fetch: fetchImpl });
      const client = createClient(StockService, transport);
      if (!first) count.set('reconnects', count.get('reconnects') + 1);
      first = false;
      wire.add('out', `POST /demos/grpc/stock.v1.StockService/StreamPrices (${kind === 'connect' ? 'application/connect+json' : 'application/grpc-web+proto'}) symbols=${SYMBOLS.join(',')}`);
      // Not over a refusal: a retry's first moment (full jitter can make it at once) would
      // otherwise replace the reason with a claim no price has confirmed yet.
      streamingText = `Streaming over ${kind === 'connect' ? 'Connect' : 'gRPC-Web'}.`;
      if (!refusedShown) ui.status(streamingText);
      cutButton.disabled = false;
      backoff.opened(Date.now());
      try {
        await watchPrices(client, SYMBOLS, onPrice, call.signal);
        if (stopped.signal.aborted) return;
        if (call.signal.aborted && visibility.hidden()) ui.status(PAUSED, 'warn');
        else if (!call.signal.aborted) ui.status('The server ended the stream; reconnecting…', 'warn');
      } catch (error) {
        if (stopped.signal.aborted) return;
        const why = await refusal;
        refusedShown = why !== undefined;
        if (why !== undefined) ui.status(`Refused: ${why}; retrying with backoff…`, 'error');
        else ui.status(`Stream failed (${error instanceof Error ? error.message : String(error)}); reconnecting with backoff…`, 'warn');
        wire.add('note', why ?? 'stream closed');
      }
      refusal = undefined;
      cutButton.disabled = true;
      if (call.signal.aborted) continue; // a protocol switch: reconnect at once
      await new Promise((resolve) => setTimeout(resolve, backoff.closed(Date.now())));
    }
  }

  protocol.addEventListener('change', () => call?.abort());
  visibility.onChange((hidden) => {
    if (!hidden || call === undefined || call.signal.aborted) return;
    refusedShown = false;
    ui.status(PAUSED, 'warn');
    wire.add('note', 'tab hidden: ended the call; it is made again when the tab is shown');
    call.abort();
  });
  cutButton.addEventListener('click', () => {
    wire.add('note', 'asked the server to cut this connection');
    void cutConnection(base, cid).catch(() => undefined);
  });

  void run();
  return () => {
    stopped.abort();
    call?.abort();
    visibility.dispose();
    root.replaceChildren();
  };
}
