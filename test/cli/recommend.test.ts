import { describe, expect, it } from 'vitest';
import { recommend, toReport, type Answers } from '../../src/index.js';
import { runCli } from '../helpers/cli.js';

const paths: { args: string[]; answers: Answers; id: string; template: string }[] = [
  { args: ['--direction', 'bidirectional', '--peer', 'browser'], answers: { direction: 'bidirectional', peer: 'browser' }, id: 'websocket', template: 'websocket' },
  { args: ['--direction', 'bidirectional', '--peer', 'service'], answers: { direction: 'bidirectional', peer: 'service' }, id: 'grpc-bidi', template: 'grpc' },
  { args: ['--direction', 'server-to-client', '--rate', '100'], answers: { direction: 'server-to-client', rate: 100 }, id: 'sse', template: 'sse' },
  { args: ['--direction', 'server-to-client', '--rate', '101'], answers: { direction: 'server-to-client', rate: 101 }, id: 'grpc-server-stream', template: 'grpc' },
  { args: ['--direction', 'client-to-server'], answers: { direction: 'client-to-server' }, id: 'http', template: 'http' },
  {
    args: ['--direction=server-to-client', '--rate=2000', '--peer=browser', '--binary', '--strict-proxy', '--no-lossless'],
    answers: { direction: 'server-to-client', rate: 2000, peer: 'browser', binary: true, strictProxy: true, lossless: false },
    id: 'grpc-server-stream',
    template: 'grpc',
  },
];

describe('choose-protocol recommend --json', () => {
  it.each(paths)('recommends $id for $args', async ({ args, answers, id, template }) => {
    const result = await runCli(['recommend', ...args, '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.recommendation).toMatchObject({ id, template });
    expect(report).toEqual(toReport(recommend(answers)!));
    expect(Object.keys(report)).toEqual(['recommendation', 'answers', 'reasons', 'caveats', 'notes', 'alternatives', 'scaffoldCommand']);
    for (const alt of report.alternatives) expect(Object.keys(alt)).toEqual(['id', 'name', 'template', 'flipIf']);
    expect(report.scaffoldCommand).toMatch(new RegExp(`^npx choose-protocol init ${template}`));
  });

  it('prints null for answers not given', async () => {
    const report = JSON.parse((await runCli(['recommend', '--direction', 'client-to-server', '--json'])).stdout);
    expect(report.answers).toEqual({ direction: 'client-to-server', peer: null, rate: null, binary: null, strictProxy: null, lossless: null });
  });

  it('takes the answers on the bare command too, without a terminal', async () => {
    const result = await runCli(['--direction', 'bidirectional', '--peer', 'service', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).recommendation.id).toBe('grpc-bidi');
  });
});

describe('choose-protocol recommend (text)', () => {
  it('shows the name, the why, caveats, alternatives with their flips, and the scaffold command', async () => {
    const result = await runCli(['recommend', '--direction', 'server-to-client', '--rate', '5000', '--peer', 'browser'], { env: { COLUMNS: '120' } });
    expect(result.code).toBe(0);
    const out = result.stdout;
    expect(out).toContain('Recommended: gRPC server streaming');
    expect(out).toContain('The data is high-frequency (more than 100 messages per second).');
    expect(out).toMatch(/Caveats[\s\S]*gRPC-Web/);
    expect(out).toMatch(/1\. Server-Sent Events: if the data were 100 messages per second or fewer \(--rate 100 or less\)/);
    expect(out).toContain('Scaffold it: npx choose-protocol init grpc --web');
  });

  it('fits its lines to COLUMNS', async () => {
    const result = await runCli(['recommend', '--direction', 'bidirectional', '--peer', 'browser'], { env: { COLUMNS: '60' } });
    for (const line of result.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(60);
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
      for (const line of result.stdout.split('\n')) expect(line.length, `${columns}: ${line}`).toBeLessThanOrEqual(columns);
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
