import { describe, expect, it } from 'vitest';
import { decide, departures, flipOptions, outcomes, pageTextEventLimit, recommend, toReport, type Answers } from '../../../src/index.js';
import { allAnswers, needsAnswer } from './answer-space.js';

const complete = [...allAnswers()].filter((a) => !needsAnswer(a));

/** These walk every combination of answers: bounded, but longer than a unit test's default. */
/**
 * These walk every combination of answers: bounded, but longer than a unit test's default. The
 * flip check takes about a minute on a loaded 2-core machine since the 10-a-second line.
 */
const exhaustive = { timeout: 180_000 };

describe('departures from the article', () => {
  it('happen only by a rule, and otherwise the recommendation is the article\'s, for every combination of answers', exhaustive, () => {
    let departed = 0;
    for (const answers of complete) {
      const rec = recommend(answers)!;
      if (!rec.departure) {
        expect(rec.outcome.id, JSON.stringify(answers)).toBe(rec.article.id);
        continue;
      }
      departed++;
      expect(rec.departure.from).toContain(rec.article.id);
      expect(rec.outcome.id).toBe(rec.departure.to);
      expect(rec.outcome.id).not.toBe(rec.article.id);
    }
    expect(departed).toBeGreaterThan(100);
    // Departures are the exception where the article's own questions are all the user answered.
    const plain = complete.filter((a) => !a.callbacks && !a.protobuf && !a.agents && !a.watch && !a.devices);
    expect(plain.filter((a) => decide(a)!.departure).length).toBeLessThan(plain.length / 2);
  });

  it("keep the article's answer among the alternatives, with what would make it right", exhaustive, () => {
    for (const answers of complete) {
      const rec = recommend(answers)!;
      if (!rec.departure) continue;
      const article = rec.alternatives.find((alt) => alt.outcome.id === rec.article.id);
      expect(article, JSON.stringify(answers)).toBeDefined();
      expect(flipOptions(rec.article.id, answers).length).toBeGreaterThan(0);
    }
  });

  it('each carry an id, a one-sentence reason, a source with the date it was checked, and are each reachable', exhaustive, () => {
    const fired = new Set(complete.map((a) => decide(a)!.departure?.id).filter(Boolean));
    for (const rule of departures) {
      expect(rule.id).toMatch(/^[a-z0-9-]+$/);
      expect(rule.because).toMatch(/^[A-Za-z].*\.$/);
      expect(rule.because.split(/\. /)).toHaveLength(1);
      expect(rule.sources.length).toBeGreaterThan(0);
      for (const source of rule.sources) expect(source.url).toMatch(/^https:\/\//);
      expect(rule.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(rule.from).not.toContain(rule.to);
      for (const from of rule.from) expect(rule.alternatives).toContain(from);
      expect(fired.has(rule.id), `${rule.id} is shadowed by an earlier rule`).toBe(true);
    }
    expect(new Set(departures.map((d) => d.id)).size).toBe(departures.length);
  });

  it('send a one-way stream to web pages over SSE, or WebSocket when binary or faster than a page takes text events', () => {
    const s2c = (rate: number, extra: Answers = {}) => recommend({ direction: 'server-to-client', peer: 'browser', rate, ...extra })!;
    expect(s2c(5000).outcome.id).toBe('websocket');
    expect(s2c(5000).article.id).toBe('grpc-server-stream');
    expect(s2c(pageTextEventLimit).outcome.id).toBe('sse');
    expect(s2c(500).departure?.id).toBe('browser-grpc-stream');
    expect(s2c(500).alternatives[0]?.outcome.id).toBe('grpc-web');
    expect(s2c(500, { binary: true }).outcome.id).toBe('websocket');
    expect(s2c(50).departure).toBeUndefined();
  });

  it("give a public API's clients WebSocket or SSE rather than gRPC, and keep gRPC as an alternative", () => {
    const bidi = recommend({ direction: 'bidirectional', peer: 'public' })!;
    expect([bidi.outcome.id, bidi.article.id, bidi.departure?.id]).toEqual(['websocket', 'grpc-bidi', 'public-grpc-bidi']);
    expect(bidi.alternatives.map((a) => a.outcome.id)).toEqual(['sse', 'grpc-bidi']);
    expect(recommend({ direction: 'server-to-client', peer: 'public', rate: 300 })!.outcome.id).toBe('sse');
    expect(recommend({ direction: 'server-to-client', peer: 'public', rate: 3000 })!.outcome.id).toBe('websocket');
    expect(recommend({ direction: 'client-to-server', peer: 'public' })!.outcome.id).toBe('http');
  });

  it('leave gRPC when HTTP/2 cannot pass end to end, even between services', () => {
    expect(recommend({ direction: 'bidirectional', peer: 'service', strictProxy: true })!.outcome.id).toBe('websocket');
    expect(recommend({ direction: 'server-to-client', peer: 'service', rate: 500, strictProxy: true })!.outcome.id).toBe('sse');
    expect(recommend({ direction: 'bidirectional', peer: 'service', strictProxy: false })!.outcome.id).toBe('grpc-bidi');
  });

  it('keep WebSocket, with SSE as the fallback, for web pages behind strict proxies: it can serve them', () => {
    const rec = recommend({ direction: 'bidirectional', peer: 'browser', strictProxy: true })!;
    expect([rec.outcome.id, rec.departure, rec.alternatives[0]?.outcome.id]).toEqual(['websocket', undefined, 'sse']);
  });

  it('send binary payloads to web pages and public APIs as WebSocket frames, not base64 text events', () => {
    const rec = recommend({ direction: 'server-to-client', peer: 'browser', rate: 5, binary: true })!;
    expect([rec.article.id, rec.outcome.id, rec.departure?.id]).toEqual(['sse', 'websocket', 'binary-sse']);
    expect(recommend({ direction: 'server-to-client', peer: 'service', rate: 5, binary: true })!.outcome.id).toBe('grpc-server-stream');
  });

  it('serve AI agents the POST + SSE their protocols (MCP, A2A) define, whatever the traffic', () => {
    const tools = recommend({ direction: 'bidirectional', peer: 'public', agents: true })!;
    expect([tools.article.id, tools.outcome.id, tools.departure?.id]).toEqual(['grpc-bidi', 'sse', 'agent-protocol']);
    expect(recommend({ direction: 'bidirectional', peer: 'browser', agents: true })!.outcome.id).toBe('sse');
    expect(recommend({ direction: 'server-to-client', peer: 'service', rate: 500, agents: true })!.departure?.id).toBe('agent-protocol-stream');
    // Binary content or a URL to call back do not take an agent off its protocol's SSE.
    expect(recommend({ direction: 'server-to-client', peer: 'public', rate: 5, binary: true, agents: true })!.outcome.id).toBe('sse');
    expect(recommend({ direction: 'server-to-client', peer: 'public', rate: 5, callbacks: true, agents: true })!.outcome.id).toBe('sse');
    expect(recommend({ direction: 'client-to-server', peer: 'public', agents: true })!.outcome.id).toBe('http');
  });

  it('send events as webhooks to consumers that are servers with a URL, unless they are media or fast', () => {
    const events = recommend({ direction: 'server-to-client', peer: 'public', rate: 10, callbacks: true })!;
    expect([events.article.id, events.outcome.id, events.departure?.id]).toEqual(['sse', 'webhook', 'callback-events']);
    expect(events.scaffold.command).toBe('npx choose-protocol init http');
    expect(events.caveats.join(' ')).toMatch(/Sign every delivery/);
    const twoWay = recommend({ direction: 'bidirectional', peer: 'service', callbacks: true })!;
    expect([twoWay.outcome.id, twoWay.departure?.id]).toEqual(['webhook', 'callback-events-two-way']);
    expect(recommend({ direction: 'server-to-client', peer: 'public', rate: 500, callbacks: true })!.outcome.id).toBe('sse');
    expect(recommend({ direction: 'bidirectional', peer: 'public', binary: true, callbacks: true })!.outcome.id).toBe('websocket');
    expect(recommend({ direction: 'bidirectional', peer: 'public', latestWins: true, callbacks: true })!.outcome.id).toBe('websocket');
    // Pages cannot take HTTP requests: the answer changes nothing for them.
    expect(recommend({ direction: 'server-to-client', peer: 'browser', rate: 10, callbacks: true })!.departure).toBeUndefined();
  });

  it('keep gRPC where every client has generated Protobuf code, public APIs and pages included', () => {
    const publicApi = recommend({ direction: 'bidirectional', peer: 'public', binary: true, protobuf: true })!;
    expect([publicApi.outcome.id, publicApi.departure]).toEqual(['grpc-bidi', undefined]);
    expect(recommend({ direction: 'server-to-client', peer: 'public', rate: 5000, binary: true, protobuf: true })!.outcome.id).toBe('grpc-server-stream');
    expect(recommend({ direction: 'server-to-client', peer: 'service', rate: 5, protobuf: true })!.departure?.id).toBe('protobuf-sse');
    const page = recommend({ direction: 'server-to-client', peer: 'browser', rate: 50, protobuf: true })!;
    expect([page.outcome.id, page.departure?.id, page.scaffold.command]).toEqual(['grpc-web', 'browser-protobuf-stream', 'npx choose-protocol init grpc --web']);
    expect(recommend({ direction: 'bidirectional', peer: 'browser', protobuf: true })!.outcome.id).toBe('websocket');
    const ingest = recommend({ direction: 'client-to-server', peer: 'service', protobuf: true })!;
    expect([ingest.outcome.id, ingest.departure?.id]).toEqual(['grpc-client-stream', 'protobuf-ingest']);
    expect(recommend({ direction: 'client-to-server', peer: 'public', protobuf: true })!.outcome.id).toBe('http');
    // HTTP/2 must still pass end to end.
    expect(recommend({ direction: 'bidirectional', peer: 'service', protobuf: true, strictProxy: true })!.outcome.id).toBe('websocket');
    expect(recommend({ direction: 'client-to-server', peer: 'service', protobuf: true, strictProxy: true })!.outcome.id).toBe('http');
  });

  it('hold the ordinary GET open when clients watch state that changes about once a second or less', () => {
    const watch = recommend({ direction: 'server-to-client', peer: 'service', rate: 1, watch: true })!;
    expect([watch.article.id, watch.outcome.id, watch.departure?.id]).toEqual(['sse', 'long-poll', 'rare-changes-long-poll']);
    expect(watch.alternatives[0]?.flipIf).toMatch(/^there were more than 1 and at most 100 messages a second \(--rate above 1, up to 100\)/);
    expect(recommend({ direction: 'server-to-client', peer: 'service', rate: 2, watch: true })!.outcome.id).toBe('sse');
    expect(recommend({ direction: 'server-to-client', peer: 'browser', rate: 1, watch: true })!.outcome.id).toBe('sse');
    expect(recommend({ direction: 'server-to-client', peer: 'public', rate: 1, watch: true, callbacks: true })!.outcome.id).toBe('webhook');
  });

  it("hold one WebSocket per device when your own service's clients are apps on people's devices", () => {
    const app = (direction: NonNullable<Answers['direction']>, extra: Answers = {}) => recommend({ direction, peer: 'service', rate: 1, devices: true, ...extra })!;
    const push = app('server-to-client');
    expect([push.article.id, push.outcome.id, push.departure?.id]).toEqual(['sse', 'websocket', 'device-push']);
    expect(push.alternatives.map((a) => a.outcome.id)).toEqual(['sse', 'grpc-server-stream']);
    // At one message a second or less, backends inside your network would long-poll instead
    // (service-rare-long-poll), so SSE's flip names --no-devices only above that rate.
    expect(app('server-to-client', { rate: 5 }).alternatives[0]?.flipIf).toMatch(/the clients were backends inside your own network \(--no-devices\)$/);
    expect(app('server-to-client', { rate: 500 }).departure?.id).toBe('device-push-fast');
    expect(app('server-to-client', { binary: true }).outcome.id).toBe('websocket');
    const twoWay = app('bidirectional');
    expect([twoWay.article.id, twoWay.outcome.id, twoWay.departure?.id]).toEqual(['grpc-bidi', 'websocket', 'device-two-way']);
    // Protobuf clients generated for every app: gRPC's cost is paid, so the article's leaf stands.
    expect(app('bidirectional', { protobuf: true }).outcome.id).toBe('grpc-bidi');
    // Uploads stay plain requests, backends inside your network keep the article's answers, and
    // the question means nothing for pages or a public API's clients.
    expect(app('client-to-server').outcome.id).toBe('http');
    expect(recommend({ direction: 'bidirectional', peer: 'service', devices: false })!.outcome.id).toBe('grpc-bidi');
    expect(recommend({ direction: 'server-to-client', peer: 'browser', rate: 1, devices: true })!.outcome.id).toBe('sse');
    expect(recommend({ direction: 'server-to-client', peer: 'public', rate: 1, devices: true })!.outcome.id).toBe('sse');
    // The app's one WebSocket carries the change notices for what it watches too (Nextcloud's
    // notify_push), rather than a held GET per watch; agents keep their protocol.
    expect(app('server-to-client', { watch: true }).departure?.id).toBe('device-push');
    expect(app('bidirectional', { agents: true }).outcome.id).toBe('sse');
  });

  it('never recommend native gRPC, which needs HTTP/2 end to end, across HTTP/1.1-only hops or strict proxies', exhaustive, () => {
    const native = ['grpc-bidi', 'grpc-server-stream', 'grpc-client-stream'];
    const offenders = complete
      .filter((a) => a.strictProxy === true && native.includes(recommend(a)!.outcome.id))
      .map((a) => `${JSON.stringify(a)} -> ${recommend(a)!.outcome.id}`);
    expect(offenders.slice(0, 5)).toEqual([]);
  });

  it('send binary between your own services over WebSocket, not gRPC, when HTTP/2 does not pass', () => {
    const binary = (strictProxy: boolean) => recommend({ direction: 'server-to-client', peer: 'service', rate: 1, binary: true, strictProxy })!;
    expect([binary(true).article.id, binary(true).outcome.id, binary(true).departure?.id]).toEqual(['sse', 'websocket', 'binary-sse-service-http1']);
    expect(binary(true).alternatives.map((a) => a.outcome.id)).toEqual(['sse', 'grpc-server-stream']);
    expect(binary(true).alternatives[1]?.flipIf).toMatch(/HTTP\/2 passed end to end \(--no-strict-proxy\)/);
    expect(binary(false).departure?.id).toBe('binary-sse-service');
  });

  it('name a rate line of one message a second in the singular', exhaustive, () => {
    const watch = recommend({ direction: 'bidirectional', peer: 'service', protobuf: true, watch: true, latestWins: true })!;
    expect(watch.alternatives.map((a) => a.flipIf).join(' ')).toMatch(/there was more than one message a second \(--rate above 1\)/);
    // The line at 1 is drawn only for one-way streams: their answers at rates on either side of it.
    const nearOne = complete.filter((a) => a.direction === 'server-to-client' && (a.rate === 1 || a.rate === 1.5) && a.binary !== false && a.strictProxy !== false);
    for (const answers of nearOne) for (const alt of recommend(answers)!.alternatives) expect(alt.flipIf).not.toMatch(/\b1 messages\b/);
  });

  it("never send webhooks to apps on people's devices, which have no URL a server can call", () => {
    // --callbacks with --devices contradicts itself (an app behind a carrier's NAT takes no
    // requests); the device rules must win, or the advice would POST events to phones.
    for (const direction of ['server-to-client', 'bidirectional'] as const) {
      const rec = recommend({ direction, peer: 'service', rate: 1, devices: true, callbacks: true })!;
      expect(rec.outcome.id, direction).toBe('websocket');
      expect(rec.departure?.id, direction).toMatch(/^device-/);
    }
    // Backends with a URL still get webhooks.
    expect(recommend({ direction: 'server-to-client', peer: 'service', rate: 1, devices: false, callbacks: true })!.outcome.id).toBe('webhook');
  });

  it("let your own backends that wait for rare work or news long-poll the API they already call", () => {
    const worker = (extra: Answers = {}) => recommend({ direction: 'server-to-client', peer: 'service', rate: 0.1, ...extra })!;
    expect([worker().article.id, worker().outcome.id, worker().departure?.id]).toEqual(['sse', 'long-poll', 'service-rare-long-poll']);
    expect(worker().alternatives.map((a) => a.outcome.id)).toEqual(['sse', 'websocket']);
    expect(worker().alternatives[0]?.flipIf).toMatch(/^there were more than 1 and at most 100 messages a second \(--rate above 1, up to 100\)/);
    expect(worker().departure?.because).toMatch(/claim on the job/);
    // Faster feeds stay a stream; binary or Protobuf payloads keep gRPC; apps on devices keep
    // their WebSocket; a watch keeps its own rule; pages and public clients keep SSE.
    expect(worker({ rate: 2 }).outcome.id).toBe('sse');
    expect(worker({ binary: true }).outcome.id).toBe('grpc-server-stream');
    expect(worker({ protobuf: true }).outcome.id).toBe('grpc-server-stream');
    expect(worker({ devices: true }).outcome.id).toBe('websocket');
    expect(worker({ watch: true }).departure?.id).toBe('rare-changes-long-poll');
    expect(recommend({ direction: 'server-to-client', peer: 'browser', rate: 0.1 })!.outcome.id).toBe('sse');
    // A public API's clients at that rate get a published document instead (public-rare-feed-poll).
    expect(recommend({ direction: 'server-to-client', peer: 'public', rate: 0.1 })!.outcome.id).toBe('poll');
  });

  it("publish a public feed that changes once every ten seconds or less as a document its consumers fetch again", () => {
    const feed = (extra: Answers = {}) => recommend({ direction: 'server-to-client', peer: 'public', rate: 0.05, ...extra })!;
    expect([feed().article.id, feed().outcome.id, feed().departure?.id]).toEqual(['sse', 'poll', 'public-rare-feed-poll']);
    expect(feed().outcome.template).toBe('http');
    expect(feed().alternatives.map((a) => a.outcome.id)).toEqual(['sse', 'websocket']);
    expect(feed().alternatives[0]?.flipIf).toMatch(/^there was more than one message every ten seconds and at most 1000 a second \(--rate above 0.1, up to 1000\)/);
    expect(feed().departure?.because).toMatch(/ETag and Cache-Control/);
    expect(feed().caveats.join(' ')).toMatch(/up to one fetch interval late/);
    // The line is drawn at 0.1 inclusive; a faster feed stays a stream.
    expect(feed({ rate: 0.1 }).outcome.id).toBe('poll');
    expect(feed({ rate: 0.2 }).outcome.id).toBe('sse');
    // Binary documents and Protobuf ones (GTFS Realtime's) are published the same way.
    expect(feed({ binary: true }).outcome.id).toBe('poll');
    expect(feed({ protobuf: true }).outcome.id).toBe('poll');
    // Every message must arrive: a stream with resume, not a document that can skip versions.
    expect(feed({ lossless: true }).outcome.id).toBe('sse');
    // Consumers with a URL keep webhooks, watchers keep the held GET, agents keep their protocol.
    expect(feed({ callbacks: true }).outcome.id).toBe('webhook');
    expect(feed({ watch: true }).outcome.id).toBe('long-poll');
    expect(feed({ agents: true }).outcome.id).toBe('sse');
    // Not for web pages or your own services (those have their own rules or none).
    expect(recommend({ direction: 'server-to-client', peer: 'browser', rate: 0.05 })!.outcome.id).toBe('sse');
    expect(recommend({ direction: 'server-to-client', peer: 'service', rate: 0.05 })!.outcome.id).toBe('long-poll');
    expect(recommend({ direction: 'bidirectional', peer: 'public', rate: 0.05 })!.outcome.id).toBe('websocket');
  });

  it("give a public API's clients that must miss nothing a cursor long poll at low rates, and WebSocket above", () => {
    const api = (extra: Answers = {}) => recommend({ direction: 'bidirectional', peer: 'public', rate: 10, lossless: true, ...extra })!;
    expect([api().article.id, api().outcome.id, api().departure?.id]).toEqual(['grpc-bidi', 'long-poll', 'public-cursor-long-poll']);
    expect(api().alternatives.map((a) => a.outcome.id)).toEqual(['websocket', 'grpc-bidi']);
    expect(api().alternatives[0]?.flipIf).toMatch(/there were more than 10 messages a second \(--rate above 10\)/);
    expect(api({ rate: 10.5 }).outcome.id).toBe('websocket');
    expect(api({ lossless: false }).outcome.id).toBe('websocket');
    // Without a rate the line cannot be placed, so the article's two-way path keeps its answer.
    expect(recommend({ direction: 'bidirectional', peer: 'public', lossless: true })!.outcome.id).toBe('websocket');
    // Media and latest-value feeds, generated Protobuf clients, agents and webhook consumers keep theirs.
    expect(api({ binary: true }).outcome.id).toBe('websocket');
    expect(api({ latestWins: true }).outcome.id).toBe('websocket');
    expect(api({ protobuf: true }).outcome.id).toBe('grpc-bidi');
    expect(api({ agents: true }).outcome.id).toBe('sse');
    expect(api({ callbacks: true }).outcome.id).toBe('webhook');
    // Pages and your own services keep their streams.
    expect(recommend({ direction: 'bidirectional', peer: 'browser', rate: 10, lossless: true })!.outcome.id).toBe('websocket');
    expect(recommend({ direction: 'bidirectional', peer: 'service', rate: 10, lossless: true })!.outcome.id).toBe('grpc-bidi');
  });

  it('stream the server side as SSE beside POSTs for low-rate two-way traffic across strict proxies', () => {
    const behind = (peer: NonNullable<Answers['peer']>, extra: Answers = {}) => recommend({ direction: 'bidirectional', peer, rate: 5, strictProxy: true, ...extra })!;
    const page = behind('browser');
    expect([page.article.id, page.outcome.id, page.departure?.id]).toEqual(['websocket', 'sse', 'strict-proxy-two-way-rare']);
    expect(page.alternatives[0]?.outcome.id).toBe('websocket');
    expect(page.alternatives[0]?.flipIf).toMatch(/there were more than 10 messages a second \(--rate above 10\)|HTTP\/2 passed end to end/);
    expect(behind('service').departure?.id).toBe('strict-proxy-two-way-rare');
    expect(behind('public').outcome.id).toBe('sse');
    // Above the line, binary or latest-value traffic keeps WebSocket; a public API's lossless
    // clients get the cursor long poll, which passes the proxies too.
    expect(behind('browser', { rate: 50 }).outcome.id).toBe('websocket');
    expect(behind('browser', { binary: true }).outcome.id).toBe('websocket');
    expect(behind('browser', { latestWins: true }).outcome.id).toBe('websocket');
    expect(behind('public', { lossless: true }).outcome.id).toBe('long-poll');
    expect(recommend({ direction: 'bidirectional', peer: 'browser', rate: 5, strictProxy: false })!.outcome.id).toBe('websocket');
  });

  it('appear in the JSON report as article and departure, null when we agree', () => {
    const report = toReport(recommend({ direction: 'server-to-client', peer: 'browser', rate: 5000 })!);
    expect(report.article).toEqual({ id: 'grpc-server-stream', name: 'gRPC server streaming' });
    expect(report.departure).toMatchObject({ rule: 'browser-grpc-stream-fast', from: 'grpc-server-stream', to: 'websocket' });
    expect(toReport(recommend({ direction: 'bidirectional', peer: 'browser' })!).departure).toBeNull();
  });
});

describe('what would flip the choice', () => {
  it('is true for every alternative of every recommendation: each change it names makes that alternative the recommendation', exhaustive, () => {
    let flips = 0;
    for (const answers of complete) {
      const rec = recommend(answers)!;
      for (const alt of rec.alternatives) {
        expect(alt.outcome.id).not.toBe(rec.outcome.id);
        const options = flipOptions(alt.outcome.id, answers);
        if (options.length === 0) {
          expect(alt.flipIf, alt.outcome.id).toBe(outcomes[alt.outcome.id].flipIf);
          continue;
        }
        for (const change of options) {
          expect(decide({ ...answers, ...change })?.outcome, `${JSON.stringify(answers)} + ${JSON.stringify(change)}`).toBe(alt.outcome.id);
          flips++;
        }
      }
    }
    expect(flips).toBeGreaterThan(5000);
  });

  it('names the flag to change, and reads adjacent rate bands as one range', () => {
    const rec = recommend({ direction: 'server-to-client', peer: 'browser', rate: 5000 })!;
    expect(rec.alternatives.find((a) => a.outcome.id === 'sse')?.flipIf).toMatch(/^there were 1000 messages a second or fewer \(--rate 1000 or less\)/);
    expect(rec.alternatives.find((a) => a.outcome.id === 'grpc-server-stream')?.flipIf).toBe('both ends were your own services (--peer service)');
    const ws = recommend({ direction: 'bidirectional', peer: 'browser' })!;
    expect(ws.alternatives.find((a) => a.outcome.id === 'grpc-bidi')?.flipIf).toBe('both ends were your own services (--peer service)');
  });

  it('is given in words exactly for the outcomes no answer leads to', exhaustive, () => {
    const reached = new Set(complete.map((a) => decide(a)!.outcome));
    for (const outcome of Object.values(outcomes)) expect(reached.has(outcome.id), outcome.id).toBe(outcome.flipIf === undefined);
  });

  it('says what would make an outcome right when no answer leads there', () => {
    const rec = recommend({ direction: 'server-to-client', peer: 'browser', rate: 20, latestWins: true })!;
    const webtransport = rec.alternatives.find((a) => a.outcome.id === 'webtransport');
    expect(webtransport?.flipIf).toMatch(/Go or Rust WebTransport server/);
  });

  it('names the new answers that lead to gRPC client streaming and gRPC-Web', () => {
    const ingest = recommend({ direction: 'client-to-server', peer: 'service' })!;
    expect(ingest.alternatives[0]?.outcome.id).toBe('grpc-client-stream');
    expect(ingest.alternatives[0]?.flipIf).toBe('the messages were Protobuf with generated clients (--protobuf)');
    const page = recommend({ direction: 'server-to-client', peer: 'browser', rate: 500 })!;
    expect(page.alternatives[0]?.flipIf).toBe('the messages were Protobuf with generated clients (--protobuf)');
  });
});
