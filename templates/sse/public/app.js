// @ts-check
import { ChatStreamError, streamChat } from './chat-client.js';

/**
 * The page's wiring: an EventSource dashboard for the live feed, and a chat box that streams
 * replies. URLs are relative, so the page also works when mounted under a path prefix.
 */

/**
 * @template {HTMLElement} T
 * @param {string} id
 * @param {new () => T} type
 * @returns {T}
 */
function element(id, type) {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`#${id} is missing from index.html`);
  return found;
}

const status = element('status', HTMLElement);
const temperature = element('temperature', HTMLElement);
const lastId = element('last-id', HTMLElement);
const log = element('log', HTMLUListElement);
const transcript = element('transcript', HTMLDivElement);
const form = element('chat-form', HTMLFormElement);
const prompt = element('prompt', HTMLTextAreaElement);
const send = element('send', HTMLButtonElement);
const stop = element('stop', HTMLButtonElement);

// Live feed. EventSource reconnects by itself after a network error or when the server ends
// the stream, and sends Last-Event-ID, so the server replays what we missed (or sends a `reset`
// saying how much was lost).
//
// The article says "EventSource auto-reconnects! No code needed", but on an HTTP error status
// it gives up for good: a 502 from a proxy while the server restarts, or a 503 at capacity,
// would leave the dashboard dead. So when it gives up we open a new one, after a growing delay
// with full jitter (clients refused together should not come back together), and pass the last
// id as ?lastEventId=, since a new EventSource has no Last-Event-ID to send.

const RETRY_BASE_MS = 1000;
const RETRY_MAX_MS = 30_000;

/** @type {Record<string, (event: MessageEvent<string>) => void>} */
const handlers = {
  temperature(event) {
    const reading = JSON.parse(event.data);
    temperature.textContent = `${Number(reading.value).toFixed(1)} °${reading.unit}`;
  },
  reset(event) {
    const { reason, missed } = JSON.parse(event.data);
    const count = missed === null ? 'an unknown number of' : String(missed);
    addLogLine(`reset (${reason}): ${count} events were missed`, 'reset');
  },
  // Events published with "event": "message" (POST /publish) arrive here.
  message(event) {
    addLogLine(`message: ${event.data}`);
  },
};

let lastSeenId = '';
let refusals = 0;

/**
 * @param {'open' | 'reconnecting' | 'closed'} state
 * @param {string} [detail]
 */
function setStatus(state, detail = state) {
  status.textContent = detail;
  status.dataset.state = state;
}

/**
 * @param {string} text
 * @param {string} [className]
 */
function addLogLine(text, className) {
  const item = document.createElement('li');
  item.textContent = `${new Date().toLocaleTimeString()} ${text}`;
  if (className) item.className = className;
  log.prepend(item);
  while (log.children.length > 50) log.lastElementChild?.remove();
}

function subscribe() {
  const url = new URL('events', location.href);
  // Only used while this EventSource has seen no event; after that its header wins on the server.
  if (lastSeenId !== '') url.searchParams.set('lastEventId', lastSeenId);
  const source = new EventSource(url);

  source.addEventListener('open', () => {
    refusals = 0;
    setStatus('open');
  });
  source.addEventListener('error', () => {
    if (source.readyState !== EventSource.CLOSED) {
      setStatus('reconnecting');
      return;
    }
    const delay = Math.floor(Math.random() * Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** refusals));
    refusals += 1;
    setStatus('closed', `refused; retrying in ${(delay / 1000).toFixed(1)} s`);
    setTimeout(subscribe, delay);
  });
  for (const [type, handler] of Object.entries(handlers)) {
    source.addEventListener(type, (event) => {
      // Named events arrive as plain `Event`s in the DOM typings; they are MessageEvents.
      const message = /** @type {MessageEvent<string>} */ (event);
      if (message.lastEventId !== '') lastSeenId = message.lastEventId;
      lastId.textContent = lastSeenId || 'none';
      handler(message);
    });
  }
}

subscribe();

// Chat. POST the whole conversation, stream the reply token by token.

/** @type {import('./chat-client.js').ChatMessage[]} */
const history = [];
/** @type {AbortController | undefined} */
let inFlight;

/**
 * @param {string} role
 * @param {string} text
 */
function addTurn(role, text) {
  const paragraph = document.createElement('p');
  paragraph.className = role;
  paragraph.textContent = text;
  transcript.append(paragraph);
  return paragraph;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const content = prompt.value.trim();
  if (content === '' || inFlight) return;
  prompt.value = '';
  history.push({ role: 'user', content });
  addTurn('user', content);
  const reply = addTurn('assistant', '');

  inFlight = new AbortController();
  send.disabled = true;
  stop.disabled = false;
  try {
    for await (const token of streamChat(history, { signal: inFlight.signal })) {
      reply.textContent += token;
    }
    history.push({ role: 'assistant', content: reply.textContent ?? '' });
  } catch (error) {
    if (inFlight.signal.aborted) {
      reply.textContent += ' [stopped]';
    } else {
      const text = error instanceof ChatStreamError ? `${error.code}: ${error.message}` : String(error);
      addTurn('error', text);
    }
  } finally {
    inFlight = undefined;
    send.disabled = false;
    stop.disabled = true;
  }
});

stop.addEventListener('click', () => inFlight?.abort());
