import { describe, expect, it } from 'vitest';
import { cellCorrection, checkedOn, corrections, correctionsFor, featureIds, protocols, summaryProtocolIds } from '../../../src/index.js';

/** The article's ✅ / ⚠️ / ❌ for a rating, as it prints them. */
const articleMarks = { good: '✅', warn: '⚠️', bad: '❌', neutral: '' } as const;

describe('our corrections to the article', () => {
  it('include at least the four the issue asks for', () => {
    const ids = corrections.map((c) => c.id);
    for (const id of ['sse-proxy-buffering', 'sse-browser-connections', 'grpc-reconnect', 'websocket-multiplexing']) expect(ids).toContain(id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('point at a protocol of the article\'s table, and table corrections at an existing cell', () => {
    for (const c of corrections) {
      expect(summaryProtocolIds, c.id).toContain(c.protocol);
      if (c.target.kind === 'cell') {
        expect(featureIds, c.id).toContain(c.target.feature);
        expect(protocols[c.protocol].summary?.[c.target.feature], c.id).toBeDefined();
      } else {
        expect(c.target.where, c.id).not.toBe('');
      }
    }
  });

  it('quote the article\'s cell as the table prints it', () => {
    for (const c of corrections) {
      if (c.target.kind !== 'cell') continue;
      const cell = protocols[c.protocol].summary![c.target.feature];
      expect(c.article, c.id).toContain(`${articleMarks[cell.rating]} ${cell.value}`.trim());
    }
  });

  it('say what we say as a rated cell, why in one sentence, with sources and the checked date', () => {
    for (const c of corrections) {
      expect(c.ours.value, c.id).not.toBe('');
      expect(['good', 'warn', 'bad', 'neutral']).toContain(c.ours.rating);
      expect(c.why, c.id).toMatch(/^[A-Z].*\.$/);
      expect(c.why.slice(0, -1), `${c.id}: one sentence`).not.toMatch(/\.\s+[A-Z]/);
      expect(c.sources.length, c.id).toBeGreaterThan(0);
      for (const s of c.sources) expect(new URL(s.url).protocol, s.url).toBe('https:');
      expect(c.checked).toBe(checkedOn);
    }
  });

  it('leave the article\'s own table unchanged', () => {
    expect(protocols.sse.summary!.proxyFriendly).toEqual({ value: 'Works everywhere', rating: 'good' });
    expect(protocols.grpc.summary!.autoReconnect).toEqual({ value: 'Library-dependent', rating: 'warn' });
  });

  it('list table cells in the table\'s row order, then passages of text', () => {
    const rank = (c: (typeof corrections)[number]) => (c.target.kind === 'cell' ? featureIds.indexOf(c.target.feature) : featureIds.length);
    const ranks = corrections.map(rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it('find a cell\'s correction and a protocol\'s corrections', () => {
    expect(cellCorrection('sse', 'proxyFriendly')?.id).toBe('sse-proxy-buffering');
    expect(cellCorrection('sse', 'direction')).toBeUndefined();
    expect(correctionsFor('grpc').map((c) => c.id)).toEqual(['grpc-browser-modes', 'grpc-reconnect']);
    expect(correctionsFor('http')).toEqual([]);
  });
});
