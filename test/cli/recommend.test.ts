import { describe, expect, it } from 'vitest';
import { recommend, toReport, type Answers } from '../../src/index.js';
import { runCli } from '../helpers/cli.js';

/** A line that is only a link: kept whole, so it may be wider than the terminal. */
const isLink = (line: string) => /^\s*(?:[-•]\s+)?<?https?:\/\/\S+$/.test(line);

const paths: { args: string[]; answers: Answers; id: string; article: string; template: string }[] = [
  { args: ['--direction', 'bidirectional', '--peer', 'browser'], answers: { direction: 'bidirectional', peer: 'browser' }, id: 'websocket', article: 'websocket', template: 'websocket' },
  { args: ['--direction', 'bidirectional', '--peer', 'service'], answers: { direction: 'bidirectional', peer: 'service' }, id: 'grpc-bidi', article: 'grpc-bidi', template: 'grpc' },
  { args: ['--direction', 'bidirectional', '--peer', 'public'], answers: { direction: 'bidirectional', peer: 'public' }, id: 'websocket', article: 'grpc-bidi', template: 'websocket' },
  { args: ['--direction', 'server-to-client', '--peer', 'browser', '--rate', '100'], answers: { direction: 'server-to-client', peer: 'browser', rate: 100 }, id: 'sse', article: 'sse', template: 'sse' },
  { args: ['--direction', 'server-to-client', '--peer', 'service', '--rate', '101'], answers: { direction: 'server-to-client', peer: 'service', rate: 101 }, id: 'grpc-server-stream', article: 'grpc-server-stream', template: 'grpc' },
  { args: ['--direction', 'server-to-client', '--peer', 'browser', '--rate', '5000'], answers: { direction: 'server-to-client', peer: 'browser', rate: 5000 }, id: 'websocket', article: 'grpc-server-stream', template: 'websocket' },
  { args: ['--direction', 'client-to-server', '--peer', 'public'], answers: { direction: 'client-to-server', peer: 'public' }, id: 'http', article: 'http', template: 'http' },
  {
    args: ['--direction=server-to-client', '--rate=2000', '--peer=service', '--binary', '--no-strict-proxy', '--no-lossless', '--latest-wins'],
    answers: { direction: 'server-to-client', rate: 2000, peer: 'service', binary: true, strictProxy: false, lossless: false, latestWins: true },
    id: 'grpc-server-stream',
    article: 'grpc-server-stream',
    template: 'grpc',
  },
  { args: ['--direction', 'server-to-client', '--peer', 'public', '--rate', '5', '--callbacks'], answers: { direction: 'server-to-client', peer: 'public', rate: 5, callbacks: true }, id: 'webhook', article: 'sse', template: 'http' },
  { args: ['--direction', 'bidirectional', '--peer', 'public', '--protobuf', '--no-callbacks'], answers: { direction: 'bidirectional', peer: 'public', protobuf: true, callbacks: false }, id: 'grpc-bidi', article: 'grpc-bidi', template: 'grpc' },
  { args: ['--direction', 'bidirectional', '--peer', 'public', '--agents'], answers: { direction: 'bidirectional', peer: 'public', agents: true }, id: 'sse', article: 'grpc-bidi', template: 'sse' },
  { args: ['--direction', 'server-to-client', '--peer', 'service', '--rate', '0.5', '--watch', '--no-agents', '--no-protobuf'], answers: { direction: 'server-to-client', peer: 'service', rate: 0.5, watch: true, agents: false, protobuf: false }, id: 'long-poll', article: 'sse', template: 'http' },
  { args: ['--direction', 'server-to-client', '--peer', 'public', '--rate', '0.05', '--protobuf'], answers: { direction: 'server-to-client', peer: 'public', rate: 0.05, protobuf: true }, id: 'poll', article: 'sse', template: 'http' },
];

describe('choose-protocol recommend --json', () => {
  it.each(paths)('recommends $id (the article: $article) for $args', async ({ args, answers, id, article, template }) => {
    const result = await runCli(['recommend', ...args, '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.recommendation).toMatchObject({ id, template });
    expect(report.article.id).toBe(article);
    expect(report.departure === null).toBe(id === article);
    expect(report).toEqual(toReport(recommend(answers)!));
    expect(Object.keys(report)).toEqual(['recommendation', 'article', 'departure', 'answers', 'reasons', 'caveats', 'notes', 'alternatives', 'scaffoldCommand']);
    for (const alt of report.alternatives) expect(Object.keys(alt)).toEqual(['id', 'name', 'template', 'flipIf']);
    expect(report.scaffoldCommand).toMatch(new RegExp(`^npx choose-protocol init ${template}`));
  });

  it("departs from the article for web pages fed 5000 messages a second, says so, and keeps the article's answer", async () => {
    const result = await runCli(['recommend', '--peer', 'browser', '--direction', 'server-to-client', '--rate', '5000', '--json']);
    const report = JSON.parse(result.stdout);
    expect(report.recommendation.id).toBe('websocket');
    expect(report.departure).toMatchObject({ rule: 'browser-grpc-stream-fast', from: 'grpc-server-stream', to: 'websocket' });
    expect(report.departure.because).toMatch(/Browsers cannot open native gRPC streams/);
    expect(report.departure.sources[0].url).toMatch(/^https:/);
    expect(report.alternatives.map((a: { id: string }) => a.id)).toContain('grpc-server-stream');
  });

  it('prints null for answers not given', async () => {
    const report = JSON.parse((await runCli(['recommend', '--direction', 'client-to-server', '--peer', 'service', '--json'])).stdout);
    expect(report.answers).toEqual({
      direction: 'client-to-server',
      peer: 'service',
      rate: null,
      binary: null,
      strictProxy: null,
      lossless: null,
      latestWins: null,
      callbacks: null,
      protobuf: null,
      agents: null,
      watch: null,
      devices: null,
    });
  });

  it('takes the answers on the bare command too, without a terminal', async () => {
    const result = await runCli(['--direction', 'bidirectional', '--peer', 'service', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).recommendation.id).toBe('grpc-bidi');
  });
});

describe('choose-protocol recommend (text)', () => {
  it('says where it departs from the article and why, with its source, and marks the article\'s answer', async () => {
    const result = await runCli(['recommend', '--direction', 'server-to-client', '--rate', '5000', '--peer', 'browser'], { env: { COLUMNS: '120' } });
    expect(result.code).toBe(0);
    const out = result.stdout.replace(/\s+/g, ' ');
    expect(out).toContain('Recommended: WebSocket');
    expect(out).toContain("The article's tree says gRPC server streaming; for these answers we recommend WebSocket, because browsers cannot open native gRPC streams");
    expect(out).toMatch(/Source: .* \(checked 2026-12-02\)/);
    expect(out).toContain('The data is high-frequency (more than 100 messages per second).');
    expect(out).toMatch(/Caveats.*60 updates a second/);
    expect(out).toContain('Server-Sent Events: if there were 1000 messages a second or fewer (--rate 1000 or less)');
    expect(out).toContain("gRPC server streaming (the article's answer): if both ends were your own services (--peer service)");
    expect(out).toContain('Scaffold it: npx choose-protocol init websocket');
  });

  it('shows the one-line why and no departure when it agrees with the article', async () => {
    const result = await runCli(['recommend', '--direction', 'bidirectional', '--peer', 'browser']);
    expect(result.stdout.replace(/\s+/g, ' ')).toContain('WebSocket is the native full-duplex channel in every browser');
    expect(result.stdout).not.toContain("The article's tree says");
  });

  it('fits its lines to COLUMNS', async () => {
    for (const args of [['--direction', 'bidirectional', '--peer', 'browser'], ['--direction', 'bidirectional', '--peer', 'public', '--latest-wins']]) {
      const result = await runCli(['recommend', ...args], { env: { COLUMNS: '60' } });
      for (const line of result.stdout.split('\n')) if (!isLink(line)) expect(line.length, line).toBeLessThanOrEqual(60);
    }
  });

  it('scaffolds the gRPC-Web gateway when that is the outcome chosen', async () => {
    const result = await runCli(['recommend', '--direction', 'server-to-client', '--peer', 'browser', '--rate', '500', '--json']);
    const report = JSON.parse(result.stdout);
    expect(report.recommendation.id).toBe('sse');
    expect(report.alternatives[0]).toMatchObject({ id: 'grpc-web', template: 'grpc' });
  });
});

describe('choose-protocol explain and compare', () => {
  it.each(['websocket', 'sse', 'grpc', 'http'])('explains %s', async (id) => {
    const result = await runCli(['explain', id]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/How it works[\s\S]*Use it when[\s\S]*Gotchas/);
    expect(result.stdout).toContain(`npx choose-protocol init ${id}`);
    const json = JSON.parse((await runCli(['explain', id, '--json'])).stdout);
    expect(json.id).toBe(id);
  });

  it('prints the article\'s summary table, fit to the width', async () => {
    const wide = await runCli(['compare'], { env: { COLUMNS: '100' } });
    expect(wide.code).toBe(0);
    expect(wide.stdout).toMatch(/Feature\s+WebSocket\s+SSE\s+gRPC Streaming/);
    expect(wide.stdout).toMatch(/Auto-reconnect\s+✗ Manual\s+✓ Built-in\s+⚠ Library-dependent/);
    for (const columns of [100, 60, 40, 24]) {
      const result = await runCli(['compare'], { env: { COLUMNS: String(columns) } });
      for (const line of result.stdout.split('\n')) if (!isLink(line)) expect(line.length, `${columns}: ${line}`).toBeLessThanOrEqual(columns);
      expect(result.stdout).toContain('Sticky sessions');
    }
  });

  it('prints the table as JSON', async () => {
    const json = JSON.parse((await runCli(['compare', '--json'])).stdout);
    expect(json.protocols.map((p: { id: string }) => p.id)).toEqual(['websocket', 'sse', 'grpc']);
    expect(json.rows).toHaveLength(8);
    expect(json.rows[3]).toMatchObject({ feature: 'browserSupport', cells: { grpc: { value: 'grpc-web proxy', rating: 'warn' } } });
  });
});
