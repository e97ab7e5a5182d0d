// @ts-check
// The chat page: rooms, messages, typing indicator. Everything the server sends is rendered
// with textContent, never innerHTML, so a message cannot inject markup.
import { createConnection } from './connection.js';

/**
 * @typedef {{ type: 'welcome', user: string, heartbeatMs: number }
 *   | { type: 'joined' | 'left', room: string }
 *   | { type: 'chat', room: string, from: string, text: string, timestamp: number, id?: string }
 *   | { type: 'typing', room: string, user: string }
 *   | { type: 'error', code: string, message: string }} ServerMessage
 * @typedef {{ from: string, text: string, timestamp: number }} ChatLine
 * @typedef {{ room: string, text: string, state: 'sending' | 'unsent', timer?: ReturnType<typeof setTimeout> | undefined }} Outgoing
 */

const MAX_LINES_PER_ROOM = 200;
const TYPING_SEND_EVERY_MS = 2_000;
const TYPING_SHOWN_FOR_MS = 3_000;
const NAME_KEY = 'websocket-starter:name';
/** A sent message whose echo has not come back in this long is shown as not sent. */
const ACK_TIMEOUT_MS = 10_000;

/**
 * @template {HTMLElement} T
 * @param {string} id
 * @param {new () => T} type
 * @returns {T}
 */
function element(id, type) {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`#${id} missing`);
  return found;
}

const statusLine = element('status', HTMLElement);
const nameForm = element('name-form', HTMLFormElement);
const nameInput = element('name', HTMLInputElement);
const joinForm = element('join-form', HTMLFormElement);
const roomInput = element('room', HTMLInputElement);
const roomList = element('rooms', HTMLUListElement);
const messageList = element('messages', HTMLOListElement);
const typingLine = element('typing', HTMLElement);
const chatForm = element('chat-form', HTMLFormElement);
const textInput = element('text', HTMLInputElement);
const errorLine = element('error', HTMLElement);

/** Rooms the user wants to be in; rejoined after every reconnect. */
const wanted = new Set(/** @type {string[]} */ ([]));
/** @type {Map<string, ChatLine[]>} */
const history = new Map();
/** room -> user -> time the typing hint expires */
/** @type {Map<string, Map<string, number>>} */
const typing = new Map();
/** @type {string | undefined} */
let current;
let me = '';
let lastTypingSent = 0;

/**
 * Messages sent and not yet acknowledged, by their id. The server echoes every chat message to
 * its sender too, with the id the sender gave it: that echo is the acknowledgement. A message
 * whose echo does not come (the connection died, the server restarted) is marked "not sent"
 * and offered for a retry, never resent behind the user's back: its first copy may have been
 * delivered, and only the user knows whether a duplicate matters.
 * @type {Map<string, Outgoing>}
 */
const outbox = new Map();

function newMessageId() {
  // Not crypto.randomUUID(): it exists only in secure contexts, and a LAN address is not one.
  return [...crypto.getRandomValues(new Uint8Array(12))].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** @param {string} id */
function markUnsent(id) {
  const entry = outbox.get(id);
  if (entry === undefined || entry.state === 'unsent') return;
  clearTimeout(entry.timer);
  entry.state = 'unsent';
  entry.timer = undefined;
}

/**
 * @param {string} room
 * @param {string} text
 * @returns {boolean} whether it was handed to an open connection
 */
function sendChat(room, text) {
  const id = newMessageId();
  const handed = connection.send({ type: 'chat', room, text, id });
  outbox.set(id, { room, text, state: handed ? 'sending' : 'unsent' });
  if (handed) {
    const entry = /** @type {Outgoing} */ (outbox.get(id));
    entry.timer = setTimeout(() => {
      markUnsent(id);
      render();
    }, ACK_TIMEOUT_MS);
  }
  render();
  return handed;
}

nameInput.value = localStorage.getItem(NAME_KEY) ?? '';

const connection = createConnection({
  url() {
    // Same origin as the page, at `ws` relative to it: /ws, or /prefix/ws when mounted.
    const url = new URL('ws', location.href);
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    if (nameInput.value !== '') url.searchParams.set('name', nameInput.value);
    // Browsers cannot set an Authorization header on a WebSocket: pass ?token= along.
    const token = new URLSearchParams(location.search).get('token');
    if (token !== null) url.searchParams.set('token', token);
    return url.href;
  },
  onOpen() {
    for (const room of wanted) connection.send({ type: 'join', room });
  },
  onLost() {
    // Whatever was in flight on a connection that is gone has no echo coming.
    for (const id of outbox.keys()) markUnsent(id);
    render();
  },
  onStatus(status, detail) {
    statusLine.dataset['status'] = status;
    statusLine.textContent = status === 'open' ? `connected as ${me || '…'}` : detail || status;
    renderComposer();
  },
  onMessage(message) {
    handle(/** @type {ServerMessage} */ (message));
  },
});

/** @param {ServerMessage} message */
function handle(message) {
  switch (message.type) {
    case 'welcome':
      me = message.user;
      statusLine.textContent = `connected as ${me}`;
      return;
    case 'joined':
      if (!history.has(message.room)) history.set(message.room, []);
      current ??= message.room;
      return render();
    case 'left':
      history.delete(message.room);
      if (current === message.room) current = history.keys().next().value;
      return render();
    case 'chat': {
      if (message.id !== undefined && message.from === me) {
        const entry = outbox.get(message.id);
        if (entry !== undefined) {
          clearTimeout(entry.timer);
          outbox.delete(message.id);
        }
      }
      const lines = history.get(message.room);
      if (lines === undefined) return;
      lines.push({ from: message.from, text: message.text, timestamp: message.timestamp });
      // Bounded on the client too: a busy room must not grow the page's memory forever.
      if (lines.length > MAX_LINES_PER_ROOM) lines.splice(0, lines.length - MAX_LINES_PER_ROOM);
      typing.get(message.room)?.delete(message.from);
      return render();
    }
    case 'typing': {
      let users = typing.get(message.room);
      if (users === undefined) typing.set(message.room, (users = new Map()));
      users.set(message.user, Date.now() + TYPING_SHOWN_FOR_MS);
      return renderTyping();
    }
    case 'error':
      errorLine.textContent = `${message.code}: ${message.message}`;
      return;
  }
}

function render() {
  roomList.replaceChildren(
    ...[...history.keys()].map((room) => {
      const item = document.createElement('li');
      item.setAttribute('aria-current', String(room === current));
      const select = document.createElement('button');
      select.textContent = `# ${room}`;
      select.onclick = () => {
        current = room;
        render();
      };
      const leave = document.createElement('button');
      leave.textContent = '×';
      leave.title = `Leave ${room}`;
      leave.onclick = () => {
        wanted.delete(room);
        // Offline there is no one to confirm: drop the room here, it is not rejoined on reconnect.
        if (!connection.send({ type: 'leave', room })) handle({ type: 'left', room });
      };
      item.append(select, leave);
      return item;
    }),
  );

  const lines = current === undefined ? [] : (history.get(current) ?? []);
  messageList.replaceChildren(
    ...lines.map((line) => {
      const item = document.createElement('li');
      const time = document.createElement('time');
      time.dateTime = new Date(line.timestamp).toISOString();
      time.textContent = new Date(line.timestamp).toLocaleTimeString();
      const from = document.createElement('strong');
      from.textContent = `${line.from}: `;
      item.append(time, from, line.text);
      return item;
    }),
  );
  for (const [id, entry] of outbox) {
    if (entry.room !== current) continue;
    const item = document.createElement('li');
    item.dataset['state'] = entry.state;
    const label = document.createElement('em');
    label.textContent = entry.state === 'sending' ? 'sending… ' : 'not sent ';
    item.append(label, entry.text);
    if (entry.state === 'unsent') {
      const retry = document.createElement('button');
      retry.textContent = 'Retry';
      retry.onclick = () => {
        outbox.delete(id);
        sendChat(entry.room, entry.text);
      };
      const discard = document.createElement('button');
      discard.textContent = 'Discard';
      discard.onclick = () => {
        outbox.delete(id);
        render();
      };
      item.append(' ', retry, ' ', discard);
    }
    messageList.append(item);
  }
  messageList.scrollTop = messageList.scrollHeight;
  renderTyping();
  renderComposer();
}

function renderTyping() {
  const now = Date.now();
  // Expired hints are dropped, so the map holds only who is typing now, not everyone ever seen.
  for (const [room, users] of typing) {
    for (const [user, until] of users) if (until <= now) users.delete(user);
    if (users.size === 0) typing.delete(room);
  }
  const users = current === undefined ? undefined : typing.get(current);
  const active = users === undefined ? [] : [...users.keys()];
  typingLine.textContent =
    active.length === 0 ? '' : `${active.join(', ')} ${active.length === 1 ? 'is' : 'are'} typing…`;
}

function renderComposer() {
  const ready = current !== undefined && statusLine.dataset['status'] === 'open';
  textInput.disabled = !ready;
  for (const button of chatForm.querySelectorAll('button')) button.disabled = !ready;
  textInput.placeholder = ready ? `Message #${current}` : 'Join a room to chat';
}

joinForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const room = roomInput.value.trim();
  if (room === '') return;
  wanted.add(room);
  current = room;
  connection.send({ type: 'join', room });
  render();
});

chatForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = textInput.value.trim();
  if (current === undefined || text === '') return;
  // The text leaves the input either way: it is in the outbox, shown as sending or not sent.
  sendChat(current, text);
  textInput.value = '';
  errorLine.textContent = '';
});

textInput.addEventListener('input', () => {
  // Throttled: one typing event per TYPING_SEND_EVERY_MS is enough for the hint to stay on.
  const now = Date.now();
  if (current === undefined || now - lastTypingSent < TYPING_SEND_EVERY_MS) return;
  lastTypingSent = now;
  connection.send({ type: 'typing', room: current });
});

nameForm.addEventListener('submit', (event) => {
  event.preventDefault();
  localStorage.setItem(NAME_KEY, nameInput.value);
  connection.start();
});

window.addEventListener('online', () => connection.retryNow());
setInterval(renderTyping, 1_000);

wanted.add(roomInput.value);
connection.start();
