import { describe, expect, it } from 'vitest';
import { compareReport, corrections, landscapeIds, landscapeReport, protocolIds, protocolReport, topicIds } from '../../src/index.js';
import { runCli } from '../helpers/cli.js';

/** A line that is only a link: kept whole, so it may be wider than the terminal. */
const isLink = (line: string) => /^\s*(?:[-•]\s+)?<?https?:\/\/\S+$/.test(line);

function fitsWidth(text: string, columns: number) {
  for (const line of text.split('\n')) if (!isLink(line)) expect(line.length, `${columns}: ${line}`).toBeLessThanOrEqual(columns);
}

describe('choose-protocol explain, for the 2026 landscape', () => {
  it.each(landscapeIds)('explains %s in text and as JSON', async (id) => {
    const text = await runCli(['explain', id], { env: { COLUMNS: '100' } });
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Status: [\s\S]*What we found[\s\S]*Use it when[\s\S]*Gotchas[\s\S]*Starter:[\s\S]*Sources \(checked 2026-12-02\)/);
    const json = JSON.parse((await runCli(['explain', id, '--json'])).stdout);
    expect(json).toEqual(JSON.parse(JSON.stringify(landscapeReport(id))));
  });

  it('says WebTransport is Baseline but has no Node server, and what to use instead', async () => {
    const result = await runCli(['explain', 'webtransport'], { env: { COLUMNS: '100' } });
    const out = result.stdout;
    expect(out).toContain('Status: Baseline 2026-03-24, no Node server (checked 2026-12-02)');
    expect(out).toContain('Safari 26.4');
    expect(out).toMatch(/Starter: none\n/);
    expect(out).toMatch(/Use instead[\s\S]*npx choose-protocol init websocket[\s\S]*quic-go\/webtransport-go[\s\S]*wtransport/);
    expect(out).toContain('https://web-platform-dx.github.io/web-features-explorer/features/webtransport');
    expect(out).not.toMatch(/Starter: npx/);
  });

  it('prints grpc-web as JSON with the grpc starter, its --web flag and every fact sourced', async () => {
    const result = await runCli(['explain', 'grpc-web', '--json']);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({ kind: 'landscape', id: 'grpc-web', template: 'grpc', templateFlags: ['--web'], scaffoldCommand: 'npx choose-protocol init grpc --web' });
    expect(json.instead).toEqual([]);
    for (const fact of json.facts) {
      expect(fact.checked).toBe('2026-12-02');
      expect(fact.sources.length).toBeGreaterThan(0);
      for (const source of fact.sources) expect(Object.keys(source)).toEqual(['title', 'url']);
    }
  });

  it('explains MCP Streamable HTTP revision by revision, with no starter of its own', async () => {
    const out = (await runCli(['explain', 'mcp'], { env: { COLUMNS: '100' } })).stdout;
    expect(out).toContain('MCP Streamable HTTP');
    expect(out).toMatch(/2025-03-26[\s\S]*2025-11-25[\s\S]*Mcp-Session-Id[\s\S]*2026-07-28[\s\S]*stateless/);
    expect(out).toContain('Mcp-Method');
    expect(out).toContain('@modelcontextprotocol/server');
    expect(out).toMatch(/Starter: none\n/);
  });

  it('lists every accepted id in explain --help, from the catalogue', async () => {
    const result = await runCli(['explain', '--help'], { env: { COLUMNS: '200' } });
    expect(result.code).toBe(0);
    for (const id of topicIds) expect(result.stdout).toMatch(new RegExp(`(?<![\\w-])${id}(?![\\w-])`));
    expect(result.stdout.replace(/\s+/g, ' ')).toContain(`The article's: ${protocolIds.join(', ')}. The 2026 landscape: ${landscapeIds.join(', ')}`);
  });

  it('names the landscape ids when the protocol is unknown', async () => {
    const result = await runCli(['explain', 'quic']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`Accepted: ${topicIds.join(', ')}.`);
  });
});

describe('choose-protocol explain <protocol>, with our corrections', () => {
  it('shows the article\'s SSE row with our corrections marked and sourced', async () => {
    const out = (await runCli(['explain', 'sse'], { env: { COLUMNS: '100' } })).stdout;
    expect(out).toMatch(/Proxy friendly\s+✓ Works everywhere \[2\]/);
    expect(out).toMatch(/Corrections \(choose-protocol, checked 2026-12-02\)[\s\S]*\[2\] SSE · Proxy friendly[\s\S]*Article: ✓ Works everywhere[\s\S]*Ours: ⚠ Only if not buffered[\s\S]*X-Accel-Buffering: no/);
    expect(out).toContain('https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_buffering');
  });

  it('adds the corrections to the protocol\'s JSON and nothing for plain HTTP', async () => {
    const grpc = JSON.parse((await runCli(['explain', 'grpc', '--json'])).stdout);
    expect(grpc).toEqual(JSON.parse(JSON.stringify(protocolReport('grpc'))));
    expect(grpc.kind).toBe('protocol');
    expect(grpc.summary.autoReconnect).toEqual({ value: 'Library-dependent', rating: 'warn' });
    expect(grpc.corrections.map((c: { id: string; marker: number }) => [c.marker, c.id])).toEqual([
      [1, 'grpc-browser-modes'],
      [2, 'grpc-reconnect'],
    ]);
    const http = await runCli(['explain', 'http']);
    expect(http.stdout).not.toContain('Corrections');
    expect(JSON.parse((await runCli(['explain', 'http', '--json'])).stdout).corrections).toEqual([]);
  });
});

describe('choose-protocol compare, with our corrections beside the article\'s table', () => {
  it('keeps the article\'s cells and flags the corrected ones with the number of the correction', async () => {
    const out = (await runCli(['compare'], { env: { COLUMNS: '120' } })).stdout;
    expect(out).toMatch(/Proxy friendly\s+⚠ Some issues\s+✓ Works everywhere \[4\]\s+⚠ Needs HTTP\/2/);
    expect(out).toMatch(/Auto-reconnect\s+✗ Manual\s+✓ Built-in\s+⚠ Library-dependent \[3\]/);
    expect(out).toMatch(/Browser support\s+✓ Native\s+✓ Native \[1\]\s+⚠ grpc-web proxy \[2\]/);
  });

  it('lists every correction under the table, marked as ours, with what the article says and sources', async () => {
    const out = (await runCli(['compare'], { env: { COLUMNS: '120' } })).stdout;
    const section = out.slice(out.indexOf('Corrections (choose-protocol, checked 2026-12-02)'));
    expect(section).not.toBe(out);
    expect(section).toContain("Ours, not the article's");
    for (const [i, c] of corrections.entries()) {
      expect(section).toContain(`[${i + 1}] `);
      expect(section).toContain(c.sources[0]!.url);
    }
    expect(section).toMatch(/\[3\] gRPC Streaming · Auto-reconnect[\s\S]*quick comparison box: "Auto-reconnect"[\s\S]*re-issue the call/);
    expect(section).toMatch(/\[5\] WebSocket · text, WebSocket gotchas[\s\S]*websockets\/ws#1458/);
  });

  it('prints the table and the corrections as JSON, each corrected cell naming its correction', async () => {
    const json = JSON.parse((await runCli(['compare', '--json'])).stdout);
    expect(json).toEqual(JSON.parse(JSON.stringify(compareReport())));
    expect(Object.keys(json)).toEqual(['source', 'protocols', 'rows', 'correctedBy', 'corrections']);
    expect(json.correctedBy).toBe('choose-protocol');
    const proxy = json.rows.find((r: { feature: string }) => r.feature === 'proxyFriendly');
    expect(proxy.cells.sse).toEqual({ value: 'Works everywhere', rating: 'good', correction: 'sse-proxy-buffering' });
    expect(proxy.cells.websocket).toEqual({ value: 'Some issues', rating: 'warn' });
    const flagged = json.rows.flatMap((r: { cells: Record<string, { correction?: string }> }) => Object.values(r.cells).flatMap((c) => c.correction ?? []));
    const cellCorrections = json.corrections.filter((c: { target: { kind: string } }) => c.target.kind === 'cell').map((c: { id: string }) => c.id);
    expect(flagged).toEqual(cellCorrections);
    expect(json.corrections.map((c: { marker: number }) => c.marker)).toEqual(corrections.map((_, i) => i + 1));
    expect(Object.keys(json.corrections[0])).toEqual(['marker', 'id', 'protocol', 'target', 'article', 'ours', 'why', 'sources', 'checked']);
  });

  it('stacks the table and keeps the corrections when narrow (COLUMNS=40)', async () => {
    const result = await runCli(['compare'], { env: { COLUMNS: '40' } });
    expect(result.code).toBe(0);
    fitsWidth(result.stdout, 40);
    expect(result.stdout).toMatch(/Proxy friendly\n {2}WebSocket\n {4}⚠ Some issues\n {2}SSE\n {4}✓ Works everywhere \[4\]/);
    expect(result.stdout).toMatch(/Corrections \(choose-protocol,\s+checked\s+2026-12-02\)/);
    expect(result.stdout).toContain('[6] SSE · text, SSE server');
  });
});
