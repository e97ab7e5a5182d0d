import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkedOn, isTopicId, landscape, landscapeIds, packageRoot, protocolIds, protocols, templates, topicIds } from '../../../src/index.js';

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

describe('the 2026 landscape entries', () => {
  it('keeps the exact ids the decision engine refers to', () => {
    expect(landscapeIds).toEqual(['webtransport', 'grpc-web', 'sse-h2', 'mcp', 'websocket-h2']);
    expect(Object.keys(landscape)).toEqual([...landscapeIds]);
  });

  it('leaves the article\'s four protocols as they were', () => {
    expect(protocolIds).toEqual(['websocket', 'sse', 'grpc', 'http']);
    expect(protocols.sse.name).toBe('Server-Sent Events');
    expect(protocols.grpc.useWhen.length).toBeGreaterThan(0);
  });

  it('makes every landscape id explainable, after the article\'s protocols', () => {
    expect(topicIds).toEqual([...protocolIds, ...landscapeIds]);
    for (const id of landscapeIds) expect(isTopicId(id), id).toBe(true);
    expect(isTopicId('mqtt')).toBe(false);
  });

  it.each(landscapeIds)('gives %s a status, facts, when to use it and gotchas', (id) => {
    const entry = landscape[id];
    expect(entry.id).toBe(id);
    expect(entry.status).not.toBe('');
    expect(entry.facts.length).toBeGreaterThan(2);
    expect(entry.useWhen.length).toBeGreaterThan(0);
    expect(entry.gotchas.length).toBeGreaterThan(0);
    expect(protocolIds).toContain(entry.relatesTo);
  });

  it.each(landscapeIds)('gives every fact of %s a source URL and the date it was checked', (id) => {
    for (const fact of landscape[id].facts) {
      expect(fact.sources.length, fact.text).toBeGreaterThan(0);
      for (const source of fact.sources) {
        expect(source.title, fact.text).not.toBe('');
        expect(() => new URL(source.url), source.url).not.toThrow();
        expect(new URL(source.url).protocol, source.url).toBe('https:');
      }
      expect(fact.checked).toMatch(isoDate);
      expect(fact.checked).toBe(checkedOn);
    }
  });

  it.each(landscapeIds)('names a starter that exists for %s, or says what to use instead', (id) => {
    const entry = landscape[id];
    if (entry.template === null) {
      expect(entry.instead.length, id).toBeGreaterThan(0);
      expect(entry.templateFlags).toEqual([]);
      return;
    }
    const template = templates[entry.template];
    expect(existsSync(join(packageRoot(), 'templates', template.folder, 'package.json'))).toBe(true);
    for (const flag of entry.templateFlags) expect(template.variants.map((v) => v.flag), flag).toContain(flag);
    expect(entry.instead).toEqual([]);
  });

  it('decides the starters honestly: none for WebTransport, MCP and WebSocket over HTTP/2', () => {
    expect(landscape.webtransport.template).toBeNull();
    expect(landscape['websocket-h2'].template).toBeNull();
    expect(landscape.mcp.template).toBeNull();
    expect(landscape['grpc-web']).toMatchObject({ template: 'grpc', templateFlags: ['--web'] });
    expect(landscape['sse-h2'].template).toBe('sse');
  });
});
