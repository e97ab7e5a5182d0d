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

// Live feed. EventSource reconnects by itself and sends Last-Event-ID, so the server can
// replay what we missed, or send a `reset` saying how much was lost.

const source = new EventSource('events');

/** @param {string} state */
function setStatus(state) {
  status.textContent = state;
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

/**
 * Named events arrive as plain `Event`s in the DOM typings; they are MessageEvents.
 * @param {string} type
 * @param {(event: MessageEvent<string>) => void} handler
 */
function on(type, handler) {
  source.addEventListener(type, (event) => {
    const message = /** @type {MessageEvent<string>} */ (event);
    lastId.textContent = message.lastEventId || 'none';
    handler(message);
  });
}

source.addEventListener('open', () => setStatus('open'));
source.addEventListener('error', () => {
  setStatus(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
});

on('temperature', (event) => {
  const reading = JSON.parse(event.data);
  temperature.textContent = `${Number(reading.value).toFixed(1)} °${reading.unit}`;
});

on('reset', (event) => {
  const { reason, missed } = JSON.parse(event.data);
  const count = missed === null ? 'an unknown number of' : String(missed);
  addLogLine(`reset (${reason}): ${count} events were missed`, 'reset');
});

// Events published with "event": "message" (POST /publish) arrive here.
on('message', (event) => addLogLine(`message: ${event.data}`));

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
