// The LLM pattern: POST the conversation, read the reply as an event stream. The client is the
// sse starter's own (templates/sse/public/chat-client.js, streamChat), given a fetch that copies
// the bytes to the "On the wire" panel. A cut ends the reply early: a POST stream cannot resume,
// so the page says so and offers to ask again.
import { ChatStreamError, streamChat } from '../../../templates/sse/public/chat-client.js';
import { counters, field, frame, h } from './lib/dom.js';
import { cutConnection, demoUrl, newCid, NO_SERVER, serverIsUp } from './lib/server-url.js';
import { drain, teeFetch } from './lib/tee-fetch.js';
import { createWirePanel } from './lib/wire-panel.js';

export function mount(root: HTMLElement, options: { base: string }): () => void {
  const { base } = options;
  const ui = frame(root, 'LLM-style token stream');
  const prompt = h('input', { value: 'Explain server-sent events in one sentence.', maxlength: '200', class: 'cp-demo-input', autocomplete: 'off' });
  const ask = h('button', { type: 'submit', class: 'cp-demo-button' }, 'Ask');
  const cutButton = h('button', { type: 'button', class: 'cp-demo-button cp-demo-cut', disabled: true }, 'Cut the connection');
  const form = h('form', { class: 'cp-demo-row' }, field('Prompt', prompt), ask, cutButton);
  const reply = h('output', { class: 'cp-demo-reply', 'aria-live': 'polite' }, '');
  const count = counters({ tokens: 'Tokens', replies: 'Finished replies', cut: 'Cut short' });
  const wire = createWirePanel('On the wire: POST /demos/sse/chat/stream');
  ui.section.append(form, reply, count.element, wire.element);

  let cid = '';
  let running: AbortController | undefined;
  let disposed = false;

  const fetchImpl = teeFetch(
    (response, bytes) => {
      wire.add('in', `HTTP ${response.status} ${response.headers.get('content-type') ?? ''}`);
      const decoder = new TextDecoder();
      let partial = '';
      void drain(bytes, (chunk) => {
        partial += decoder.decode(chunk, { stream: true });
        const lines = partial.split(/\r\n|\r|\n/);
        partial = lines.pop() ?? '';
        for (const line of lines) if (line !== '') wire.add('in', line);
      });
    },
    () => ({ 'x-demo-cid': cid }),
  );

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run();
  });
  cutButton.addEventListener('click', () => {
    wire.add('note', 'asked the server to cut this connection');
    void cutConnection(base, cid).catch(() => undefined);
  });

  async function run(): Promise<void> {
    running?.abort();
    const controller = new AbortController();
    running = controller;
    cid = newCid();
    reply.textContent = '';
    ask.disabled = true;
    cutButton.disabled = false;
    ui.status('Streaming the reply…');
    const messages = [{ role: 'user' as const, content: prompt.value }];
    wire.add('out', `POST /demos/sse/chat/stream ${JSON.stringify({ messages })}`);
    try {
      for await (const token of streamChat(messages, { url: demoUrl(base, '/demos/sse/chat/stream'), signal: controller.signal, fetch: fetchImpl })) {
        reply.textContent += token;
        count.set('tokens', count.get('tokens') + 1);
      }
      count.set('replies', count.get('replies') + 1);
      ui.status('Done: the stream ended with [DONE].');
    } catch (error) {
      if (controller.signal.aborted) return;
      if (error instanceof ChatStreamError && error.code !== 'incomplete') ui.status(`Refused: ${error.message}`, 'error');
      else {
        count.set('cut', count.get('cut') + 1);
        ui.status('The connection was cut before [DONE]; the server stopped generating. A POST stream cannot resume: ask again.', 'warn');
      }
    } finally {
      if (running === controller) {
        ask.disabled = false;
        cutButton.disabled = true;
      }
    }
  }

  void serverIsUp(base).then((up) => {
    if (disposed) return;
    ui.status(up ? 'Ready: ask something.' : NO_SERVER, up ? 'ok' : 'warn');
    ask.disabled = !up;
  });

  return () => {
    disposed = true;
    running?.abort();
    root.replaceChildren();
  };
}
