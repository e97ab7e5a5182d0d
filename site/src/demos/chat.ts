// The chat demo: the websocket starter's own browser connection (templates/websocket/public/
// connection.js, which reconnects with backoff.js's full-jitter delays) against the starter's
// chat mounted at /demos/chat/ws. After a cut it reconnects and rejoins its room, as the
// starter's page does.
import { createConnection } from '../../../templates/websocket/public/connection.js';
import { counters, field, frame, h } from './lib/dom.js';
import { cutConnection, demoWsUrl, newCid, NO_SERVER, serverIsUp } from './lib/server-url.js';
import { createWirePanel } from './lib/wire-panel.js';

type ServerMessage =
  | { type: 'welcome'; user: string }
  | { type: 'joined' | 'left'; room: string }
  | { type: 'chat'; room: string; from: string; text: string; timestamp: number; id?: string }
  | { type: 'typing'; room: string; user: string }
  | { type: 'error'; code: string; message: string; limit?: string };

const TYPING_SEND_EVERY_MS = 2_000;
const TYPING_SHOWN_FOR_MS = 3_000;
const MAX_LINES = 50;
/** A message whose echo (the server's acknowledgement) has not come back in this long is shown as not confirmed. */
const ACK_TIMEOUT_MS = 8_000;
const encoder = new TextEncoder();

/** A text frame as it crossed the wire: opcode, payload length, payload. */
function frameText(text: string): string {
  return `text frame (opcode 0x1, ${encoder.encode(text).length} B) ${text}`;
}

export function mount(root: HTMLElement, options: { base: string }): () => void {
  const { base } = options;
  const ui = frame(root, 'WebSocket chat with rooms');
  const room = h('input', { value: 'lobby', maxlength: '64', pattern: '[A-Za-z0-9_.\\-]+', autocomplete: 'off', class: 'cp-demo-input' });
  const text = h('input', { maxlength: '500', autocomplete: 'off', class: 'cp-demo-input', placeholder: 'Say something' });
  const send = h('button', { type: 'submit', class: 'cp-demo-button' }, 'Send');
  const cutButton = h('button', { type: 'button', class: 'cp-demo-button cp-demo-cut', disabled: true }, 'Cut the connection');
  const form = h('form', { class: 'cp-demo-row' }, field('Room', room), field('Message', text), send);
  const messages = h('ol', { class: 'cp-demo-messages', 'aria-label': 'Messages', 'aria-live': 'polite' });
  const typingLine = h('p', { class: 'cp-demo-typing', 'aria-live': 'polite' }, '\u00a0');
  const me = h('output', { class: 'cp-demo-me' }, '…');
  const count = counters({ sent: 'Sent', unconfirmed: 'Not confirmed', received: 'Received', reconnects: 'Reconnects', rejoined: 'Rooms rejoined' });
  const wire = createWirePanel('On the wire: WebSocket frames');
  ui.section.append(h('div', { class: 'cp-demo-row' }, field('You are', me), cutButton), form, messages, typingLine, count.element, wire.element);

  let cid = '';
  let joinedRoom = room.value;
  let opened = 0;
  let lastTypingSent = 0;
  const typing = new Map<string, number>();
  let disposed = false;
  /**
   * Messages handed to the socket whose echo has not come back. The server echoes each chat
   * message to its sender with the sender's id: that is the acknowledgement, as in the starter's
   * own page (public/app.js). A message sent as the connection is cut can be lost with send()
   * having succeeded; it is shown as not confirmed, with a Retry, never resent behind the
   * reader's back (its first copy may have arrived).
   */
  const outbox = new Map<string, { room: string; text: string; item: HTMLLIElement; timer: ReturnType<typeof setTimeout> | undefined }>();
  /** The demo server's reason for refusing this connection, sent just before it closes it (1013/1008). */
  let refusal: string | undefined;

  function newMessageId(): string {
    return Array.from(crypto.getRandomValues(new Uint8Array(12)), (byte) => byte.toString(16).padStart(2, '0')).join('');
  }

  function unconfirmed(id: string): void {
    const entry = outbox.get(id);
    if (entry === undefined || entry.timer === undefined) return;
    clearTimeout(entry.timer);
    entry.timer = undefined;
    count.set('unconfirmed', count.get('unconfirmed') + 1);
    const retry = h('button', { type: 'button', class: 'cp-demo-button' }, 'Retry');
    retry.addEventListener('click', () => {
      forget(id);
      sendChat(entry.room, entry.text);
    });
    entry.item.dataset['state'] = 'unconfirmed';
    entry.item.replaceChildren(h('em', {}, 'not confirmed: '), entry.text, ' ', retry);
  }

  /** Drops an outbox entry: acknowledged (its echo came, even late) or retried as a new message. */
  function forget(id: string): void {
    const entry = outbox.get(id);
    if (entry === undefined) return;
    if (entry.timer === undefined) count.set('unconfirmed', count.get('unconfirmed') - 1);
    clearTimeout(entry.timer);
    entry.item.remove();
    outbox.delete(id);
  }

  function sendChat(target: string, body: string): boolean {
    const id = newMessageId();
    if (!sendMessage({ type: 'chat', room: target, text: body, id })) return false;
    const item = h('li', { 'data-state': 'sending' }, h('em', {}, 'sending: '), body);
    // In the conversation until its echo replaces it (the echo is appended as any message is).
    messages.append(item);
    messages.scrollTop = messages.scrollHeight;
    outbox.set(id, { room: target, text: body, item, timer: setTimeout(() => unconfirmed(id), ACK_TIMEOUT_MS) });
    return true;
  }

  const connection = createConnection({
    url() {
      cid = newCid();
      refusal = undefined;
      const url = `${demoWsUrl(base, '/demos/chat/ws')}?cid=${cid}`;
      wire.add('out', `GET /demos/chat/ws (Upgrade: websocket)`);
      return url;
    },
    onOpen() {
      opened += 1;
      if (opened > 1) count.set('reconnects', opened - 1);
      cutButton.disabled = false;
      const join = JSON.stringify({ type: 'join', room: joinedRoom });
      wire.add('in', 'HTTP 101 Switching Protocols');
      wire.add('out', frameText(join));
      if (opened > 1) count.set('rejoined', count.get('rejoined') + 1);
      connection.send(JSON.parse(join) as object);
    },
    onStatus(status: string, detail: string) {
      if (status === 'open') ui.status(opened > 0 ? `Connected; rejoining ${joinedRoom}…` : 'Connected.');
      else if (status === 'waiting') {
        cutButton.disabled = true;
        const refused = refusal !== undefined || /\((1013|1008)\)/.test(detail);
        ui.status(refused ? `Refused: ${refusal ?? 'a demo limit'}; ${detail}. See /demos/limits.` : `Disconnected ${detail} (backoff with jitter)`, refused ? 'error' : 'warn');
        wire.add('note', `close: ${detail}`);
      } else if (status === 'connecting') ui.status('Connecting…');
    },
    onLost() {
      // Whatever was in flight on a connection that is gone has no echo coming.
      for (const id of [...outbox.keys()]) unconfirmed(id);
    },
    onMessage(raw: unknown) {
      const message = raw as ServerMessage;
      wire.add('in', frameText(JSON.stringify(message)));
      switch (message.type) {
        case 'welcome':
          me.textContent = message.user;
          return;
        case 'joined':
          ui.status(`In room ${message.room}. Open this page in a second window to chat with yourself.`);
          return;
        case 'chat': {
          if (message.id !== undefined && message.from === me.textContent && outbox.has(message.id)) {
            forget(message.id);
            count.set('sent', count.get('sent') + 1);
          }
          count.set('received', count.get('received') + 1);
          typing.delete(message.from);
          const time = new Date(message.timestamp).toLocaleTimeString();
          messages.append(h('li', {}, h('b', {}, message.from), ` ${message.text} `, h('time', { datetime: new Date(message.timestamp).toISOString() }, time)));
          while (messages.childElementCount > MAX_LINES) messages.firstElementChild?.remove();
          messages.scrollTop = messages.scrollHeight;
          renderTyping();
          return;
        }
        case 'typing':
          typing.set(message.user, Date.now() + TYPING_SHOWN_FOR_MS);
          renderTyping();
          return;
        case 'error':
          if (message.limit !== undefined) refusal = `${message.limit}: ${message.message}`;
          ui.status(`Server: ${message.limit ?? message.code}: ${message.message}`, 'error');
          return;
        default:
          return;
      }
    },
  });

  function renderTyping(): void {
    const now = Date.now();
    for (const [user, until] of typing) if (until < now) typing.delete(user);
    const names = [...typing.keys()];
    typingLine.textContent = names.length === 0 ? '\u00a0' : `${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} typing…`;
  }
  const typingTimer = setInterval(renderTyping, 1_000);

  function sendMessage(message: object): boolean {
    const ok = connection.send(message);
    if (ok) wire.add('out', frameText(JSON.stringify(message)));
    return ok;
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const wanted = room.value.trim();
    if (wanted !== '' && wanted !== joinedRoom) {
      sendMessage({ type: 'leave', room: joinedRoom });
      joinedRoom = wanted;
      sendMessage({ type: 'join', room: joinedRoom });
    }
    const body = text.value.trim();
    if (body === '') return;
    if (sendChat(joinedRoom, body)) text.value = '';
    else ui.status('Not connected: the message was not sent.', 'warn');
  });
  text.addEventListener('input', () => {
    const now = Date.now();
    if (now - lastTypingSent < TYPING_SEND_EVERY_MS) return;
    lastTypingSent = now;
    sendMessage({ type: 'typing', room: joinedRoom });
  });
  cutButton.addEventListener('click', () => {
    wire.add('note', 'asked the server to cut this connection');
    void cutConnection(base, cid).catch(() => undefined);
  });

  void serverIsUp(base).then((up) => {
    if (disposed) return;
    if (up) connection.start();
    else ui.status(NO_SERVER, 'warn');
  });

  return () => {
    disposed = true;
    clearInterval(typingTimer);
    for (const entry of outbox.values()) clearTimeout(entry.timer);
    connection.stop();
    root.replaceChildren();
  };
}
