import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installTestTypecheck, makeTempDir, npmStart, portClosed, scaffold } from '../helpers.js';

interface SseEvent {
  id?: string;
  event?: string;
  data: string;
}

/** Reads events from an open /events response until `stop` says enough. */
async function readEvents(response: Response, stop: (events: SseEvent[]) => boolean): Promise<SseEvent[]> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: SseEvent[] = [];
  let buffer = '';
  while (!stop(events)) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event: SseEvent = { data: '' };
      let hasData = false;
      for (const line of block.split('\n')) {
        const [field, ...rest] = line.split(':');
        const value = rest.join(':').replace(/^ /, '');
        if (field === 'id') event.id = value;
        else if (field === 'event') event.event = value;
        else if (field === 'data') {
          event.data = hasData ? `${event.data}\n${value}` : value;
          hasData = true;
        }
      }
      if (hasData) events.push(event);
    }
  }
  await reader.cancel();
  return events;
}

describe('init sse: scaffold, install, test, start, subscribe, resume, stop', () => {
  let work: Awaited<ReturnType<typeof makeTempDir>>;
  let dir: string;

  beforeAll(async () => {
    work = await makeTempDir('sse');
    dir = await scaffold('sse', work.path, 'feed');
  });
  afterAll(() => work.remove());

  it('installs and passes its own tests', () => installTestTypecheck(dir));

  it('starts with npm start; a subscription that drops resumes with no gap and no duplicate', async () => {
    const server = await npmStart(dir, { PORT: '0', FEED_INTERVAL_MS: '50' }, /listening on http:\/\/127\.0\.0\.1:(\d+)/);
    const base = `http://127.0.0.1:${server.port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);

    const first = await fetch(`${base}/events`, { headers: { accept: 'text/event-stream' } });
    expect(first.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const before = (await readEvents(first, (e) => e.filter((x) => x.event === 'temperature').length >= 3)).filter((e) => e.event === 'temperature');
    const lastSeen = Number(before.at(-1)!.id);

    // Offline for a while: the feed goes on publishing.
    await new Promise((resolve) => setTimeout(resolve, 400));

    const resumed = await fetch(`${base}/events`, { headers: { accept: 'text/event-stream', 'last-event-id': String(lastSeen) } });
    const after = (await readEvents(resumed, (e) => e.filter((x) => x.event === 'temperature').length >= 10)).filter((e) => e.event === 'temperature');
    const ids = after.map((e) => Number(e.id));
    expect(ids[0]).toBe(lastSeen + 1);
    ids.forEach((id, i) => expect(id).toBe(lastSeen + 1 + i));
    for (const e of after) expect(JSON.parse(e.data)).toHaveProperty('value');

    const open = await fetch(`${base}/events`);
    const ended = readEvents(open, () => false);
    const stopped = await server.terminate();
    expect(stopped.ms).toBeLessThan(5000);
    await ended; // the server ended the stream rather than leaving it hanging
    expect(server.log()).toContain('SSE starter stopped');
    expect(await portClosed(server.port)).toBe(true);
  });
});
