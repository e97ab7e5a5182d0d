import { describe, expect, it } from 'vitest';
import { decide, recommend, refinementMatches, refinements, type Answers } from '../../../src/index.js';
import { allAnswers, needsAnswer } from './answer-space.js';

const base: Answers[] = [
  { direction: 'bidirectional', peer: 'browser' },
  { direction: 'bidirectional', peer: 'service' },
  { direction: 'server-to-client', peer: 'browser', rate: 10 },
  { direction: 'server-to-client', peer: 'service', rate: 500 },
  { direction: 'client-to-server', peer: 'service' },
];

/** These walk every combination of answers: bounded, but longer than a unit test's default. */
const exhaustive = { timeout: 180_000 };

describe('refinements', () => {
  it('never change the recommendation: only the answers a departure rule reads can', exhaustive, () => {
    for (const answers of [...allAnswers()].filter((a) => !needsAnswer(a))) {
      // The lossless answer is read by two departure rules only (a public API's clients that must
      // miss nothing get a cursor long poll at low rates, and a rarely changing public feed is
      // published as a document only when no consumer needs every message); everywhere else it
      // only adds reasons and caveats. "Only the latest value matters" keeps media and value
      // feeds off webhooks and long polls, so it is tested with the departures.
      const rest = { ...answers };
      delete rest.lossless;
      if (decide(answers)?.departure?.id === 'public-cursor-long-poll') continue;
      if (decide(rest)?.departure?.id === 'public-rare-feed-poll') continue;
      expect(decide(answers)?.outcome, JSON.stringify(answers)).toBe(decide(rest)?.outcome);
    }
  });

  it('say so out loud whenever they add or reorder something', () => {
    for (const answers of base) {
      const plain = recommend(answers)!;
      const refined = recommend({ ...answers, lossless: true, latestWins: true })!;
      expect(refined.caveats.length + refined.answerReasons.length).toBeGreaterThan(plain.caveats.length + plain.answerReasons.length);
      expect(refined.notes.at(-1)).toMatch(/^Your answers beyond the article's questions added/);
      const changed = refined.alternatives.map((a) => a.outcome.id).join() !== plain.alternatives.map((a) => a.outcome.id).join();
      expect(refined.notes.some((n) => /^(Moved|Added) /.test(n))).toBe(changed);
    }
  });

  it('warn web pages about the six-connection limit of SSE over HTTP/1.1, with the fix', () => {
    const rec = recommend({ direction: 'server-to-client', peer: 'browser', rate: 5 })!;
    expect(rec.caveats.join(' ')).toMatch(/6 connections per origin.*HTTP\/2/);
  });

  it('tell a page fed faster than a screen updates to coalesce on the server', () => {
    const sse = recommend({ direction: 'server-to-client', peer: 'browser', rate: 500 })!;
    expect(sse.caveats.join(' ')).toMatch(/60 updates a second.*COALESCE_MS/);
    const ws = recommend({ direction: 'bidirectional', peer: 'browser', rate: 500 })!;
    expect(ws.caveats.join(' ')).toMatch(/60 updates a second/);
    expect(recommend({ direction: 'server-to-client', peer: 'browser', rate: 50 })!.caveats.join(' ')).not.toMatch(/60 updates/);
    expect(recommend({ direction: 'server-to-client', peer: 'service', rate: 80 })!.caveats.join(' ')).not.toMatch(/60 updates/);
  });

  it("tell apps on people's devices that a phone closes a background app's connection, and to use the platform's push", () => {
    const app = (extra: Answers) => recommend({ peer: 'service', devices: true, ...extra })!;
    for (const answers of [
      { direction: 'server-to-client', rate: 1 },
      { direction: 'server-to-client', rate: 500, protobuf: true },
      { direction: 'bidirectional' },
      { direction: 'server-to-client', rate: 1, watch: true },
    ] as const) {
      expect(app(answers).caveats.join(' '), JSON.stringify(answers)).toMatch(/background.*APNs.*FCM/);
    }
    // Uploads need no push, and backends inside your network are not suspended.
    expect(app({ direction: 'client-to-server' }).caveats.join(' ')).not.toMatch(/APNs/);
    expect(recommend({ direction: 'bidirectional', peer: 'service', devices: false })!.caveats.join(' ')).not.toMatch(/APNs/);
  });

  it('tell apps on people\'s devices fed faster than a screen updates to coalesce, or batch when every message matters', () => {
    const app = (extra: Answers) => recommend({ direction: 'server-to-client', peer: 'service', devices: true, ...extra })!;
    expect(app({ rate: 5000 }).caveats.join(' ')).toMatch(/60 updates a second.*coalesce/);
    expect(app({ rate: 5000, protobuf: true }).caveats.join(' ')).toMatch(/60 updates a second.*coalesce/);
    expect(app({ rate: 5000, lossless: true }).caveats.join(' ')).toMatch(/60 updates a second.*batch/);
    expect(app({ rate: 50 }).caveats.join(' ')).not.toMatch(/60 updates/);
    expect(recommend({ direction: 'server-to-client', peer: 'service', rate: 5000 })!.caveats.join(' ')).not.toMatch(/60 updates/);
  });

  it('say that --devices changed nothing when the clients are not your own services', () => {
    for (const peer of ['browser', 'public'] as const) {
      const rec = recommend({ direction: 'bidirectional', peer, devices: true })!;
      expect(rec.outcome.id).toBe(recommend({ direction: 'bidirectional', peer })!.outcome.id);
      expect(rec.notes.join(' ')).toContain(`--devices applies only with --peer service; with --peer ${peer} it changed nothing.`);
    }
    expect(recommend({ direction: 'bidirectional', peer: 'service', devices: true })!.notes.join(' ')).not.toMatch(/changed nothing/);
    expect(recommend({ direction: 'bidirectional', peer: 'public', devices: false })!.notes.join(' ')).not.toMatch(/changed nothing/);
  });

  it("offer WebSocket, not the article's gRPC, as the next best to SSE for web pages and a public API's clients", () => {
    const alternatives = (peer: 'browser' | 'public' | 'service', rate = 20) =>
      recommend({ direction: 'server-to-client', peer, rate })!;
    for (const peer of ['browser', 'public'] as const) {
      const rec = alternatives(peer);
      expect(rec.outcome.id, peer).toBe('sse');
      expect(rec.alternatives.map((a) => a.outcome.id), peer).toEqual(['websocket', 'grpc-server-stream']);
      expect(rec.notes[0], peer).toMatch(/^Moved WebSocket up the alternatives because /);
    }
    expect(alternatives('browser').notes[0]).toMatch(/browsers cannot open native gRPC streams/);
    // A public API's clients at 101 to 1000 a second: the departure to SSE offers WebSocket next too.
    const fast = alternatives('public', 500);
    expect([fast.outcome.id, fast.departure?.id, fast.alternatives[0]?.outcome.id]).toEqual(['sse', 'public-grpc-stream', 'websocket']);
    // Your own services keep gRPC next: they can share generated code.
    expect(alternatives('service').alternatives[0]?.outcome.id).toBe('grpc-server-stream');
  });

  it('offer a cursor long poll as the next best for pages that must miss nothing at 10 messages a second or fewer', () => {
    const page = (direction: 'server-to-client' | 'bidirectional', extra: Answers) =>
      recommend({ direction, peer: 'browser', rate: 5, ...extra })!;
    for (const direction of ['server-to-client', 'bidirectional'] as const) {
      const rec = page(direction, { lossless: true });
      // The stream stays the answer; only the runner-up changes, and the notes say why.
      expect(rec.outcome.id, direction).toBe(direction === 'bidirectional' ? 'websocket' : 'sse');
      expect(rec.alternatives[0]?.outcome.id, direction).toBe('long-poll');
      expect(rec.notes.join(' '), direction).toMatch(/Added Long polling .* to the alternatives because at 10 messages a second or fewer a long poll that names the last event/);
      // Without "must miss nothing", or above 10 a second, WebSocket or SSE stays next.
      expect(page(direction, {}).alternatives[0]?.outcome.id, direction).not.toBe('long-poll');
      expect(recommend({ direction, peer: 'browser', rate: 50, lossless: true })!.alternatives[0]?.outcome.id, direction).not.toBe('long-poll');
    }
    // Only pages: a public API's clients have public-cursor-long-poll, your services their own rules.
    expect(recommend({ direction: 'server-to-client', peer: 'public', rate: 5, lossless: true })!.alternatives[0]?.outcome.id).toBe('websocket');
  });

  it('tell WebSocket users behind strict proxies to keep SSE as a fallback', () => {
    const rec = recommend({ direction: 'bidirectional', peer: 'browser', strictProxy: true })!;
    expect(rec.outcome.id).toBe('websocket');
    expect(rec.caveats.join(' ')).toMatch(/fallback/);
    expect(rec.alternatives[0]?.outcome.id).toBe('sse');
  });

  it('offer WebTransport datagrams, with their honest status, when only the latest value matters in a browser', () => {
    const rec = recommend({ direction: 'bidirectional', peer: 'browser', latestWins: true })!;
    expect(rec.outcome.id).toBe('websocket');
    expect(rec.alternatives[0]?.outcome.id).toBe('webtransport');
    expect(rec.alternatives[0]?.flipIf).toMatch(/no production-ready Node server/);
    expect(rec.notes[0]).toMatch(/^Added WebTransport to the alternatives because .*2026-03-24/);
    expect(recommend({ direction: 'bidirectional', peer: 'service', latestWins: true })!.alternatives.map((a) => a.outcome.id)).not.toContain('webtransport');
  });

  it('explain how each protocol loses nothing on reconnect, or that it does not', () => {
    const text = (a: Answers) => {
      const r = recommend({ ...a, lossless: true })!;
      return [...r.answerReasons, ...r.caveats].join(' ');
    };
    expect(text({ direction: 'server-to-client', peer: 'browser', rate: 5 })).toMatch(/Last-Event-ID/);
    expect(text({ direction: 'bidirectional', peer: 'browser' })).toMatch(/no resume/);
    expect(text({ direction: 'bidirectional', peer: 'service' })).toMatch(/do not resume/);
    expect(text({ direction: 'client-to-server', peer: 'service' })).toMatch(/Idempotency-Key/);
  });

  it('each apply to some answers the engine gives a recommendation for: none is dead data', exhaustive, () => {
    // Decided once per combination, not once per refinement: the walk is the expensive part.
    const decided = [...allAnswers()].filter((a) => !needsAnswer(a)).map((a) => ({ a, outcome: decide(a)!.outcome }));
    for (const refinement of refinements) {
      const applies = decided.some(({ a, outcome }) => refinementMatches(refinement, a, outcome));
      expect(applies, refinement.id).toBe(true);
      expect(refinement.reason ?? refinement.caveat ?? refinement.promote, refinement.id).toBeDefined();
    }
  });

  it('never advise dropping values when every message matters: they batch instead', () => {
    const lossless = recommend({ direction: 'server-to-client', peer: 'browser', rate: 500, lossless: true })!;
    expect(lossless.caveats.join(' ')).not.toMatch(/latest value|COALESCE_MS/);
    expect(lossless.caveats.join(' ')).toMatch(/batch them/);
    const unticked = recommend({ direction: 'server-to-client', peer: 'browser', rate: 500, binary: false, strictProxy: false, lossless: false, latestWins: false })!;
    expect(unticked.caveats.join(' ')).toMatch(/COALESCE_MS/);
    expect(unticked.caveats.join(' ')).not.toMatch(/every message matters/);
  });
});
