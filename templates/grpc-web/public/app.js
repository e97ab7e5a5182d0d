// @ts-check
// The page: plain ES module, no framework. The RPC code is in /price-feed.js, a small
// bundle of @connectrpc/connect-web and the generated StockService that `npm run build`
// makes with esbuild (browsers cannot resolve npm package names without a bundler).
import { Code, ConnectError, createStockClient, watchPrices } from './price-feed.js';

/** @typedef {{ symbol: string, price: number, timestamp: number }} Price */

const form = /** @type {HTMLFormElement} */ (document.getElementById('symbols-form'));
const input = /** @type {HTMLInputElement} */ (document.getElementById('symbols'));
const protocol = /** @type {HTMLSelectElement} */ (document.getElementById('protocol'));
// Only when the gateway runs with AUTH_TOKEN. Kept in memory, never in the URL (URLs end up in logs).
const token = /** @type {HTMLInputElement} */ (document.getElementById('token'));
const status = /** @type {HTMLElement} */ (document.getElementById('status'));
const body = /** @type {HTMLElement} */ (document.getElementById('prices'));

/** @type {Map<string, HTMLTableRowElement>} */
const rows = new Map();
/** @type {AbortController | undefined} */
let current;

/** @param {Price} update */
function show(update) {
  let row = rows.get(update.symbol);
  if (!row) {
    row = document.createElement('tr');
    row.innerHTML = '<td></td><td class="price"></td><td></td>';
    /** @type {HTMLElement} */ (row.cells[0]).textContent = update.symbol;
    body.append(row);
    rows.set(update.symbol, row);
  }
  const cell = /** @type {HTMLElement} */ (row.cells[1]);
  const previous = Number(cell.dataset['price'] ?? update.price);
  cell.dataset['price'] = String(update.price);
  cell.textContent = update.price.toFixed(2);
  cell.className = `price ${update.price > previous ? 'up' : update.price < previous ? 'down' : ''}`;
  /** @type {HTMLElement} */ (row.cells[2]).textContent = new Date(update.timestamp).toLocaleTimeString();
}

/**
 * Watches until stopped; reconnects with backoff and jitter when the gateway is unreachable.
 * @param {string[]} symbols
 * @param {'connect' | 'grpc-web'} wire
 * @param {AbortSignal} signal
 */
async function watch(symbols, wire, signal) {
  const client = createStockClient({ baseUrl: location.origin, protocol: wire, token: token.value });
  for (let attempt = 0; !signal.aborted; attempt++) {
    status.textContent = `streaming ${symbols.join(', ')} over ${wire}`;
    try {
      await watchPrices(client, symbols, (update) => {
        attempt = 0;
        show(update);
      }, signal);
      return;
    } catch (error) {
      const e = ConnectError.from(error);
      if (e.code !== Code.Unavailable && e.code !== Code.Unknown) {
        status.textContent = `error: ${e.rawMessage}`;
        return;
      }
      const delay = Math.round(Math.random() * Math.min(10_000, 250 * 2 ** attempt));
      status.textContent = `disconnected (${e.rawMessage}); retrying in ${delay} ms`;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  current?.abort();
  rows.clear();
  body.replaceChildren();
  current = new AbortController();
  const symbols = input.value.trim().toUpperCase().split(/[\s,]+/).filter(Boolean);
  void watch(symbols, /** @type {'connect' | 'grpc-web'} */ (protocol.value), current.signal);
});

form.requestSubmit();
