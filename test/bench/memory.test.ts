import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { measureMemory } from '../../bench/harness/memory.js';
import { protocols, subjectsFor } from '../../bench/harness/subjects.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * --memory's measurement over real servers and real idle connections, at small counts (the
 * bench's own are 1,000 and 5,000): each starter and raw baseline in its own process, its
 * clients in two worker processes. It checks the figures are whole and that the added
 * connections show in the server's heap, never how much a connection costs.
 */
describe('--memory on real servers', () => {
  it('opens the idle connections in two steps and reads the heap, RSS and external slope of every server', async () => {
    const subjects = subjectsFor(protocols).filter((s) => !s.sameServerAsStarter && !s.redis);
    expect(subjects.map((s) => s.id).sort()).toEqual(['grpc-raw', 'grpc-starter', 'sse-raw', 'sse-starter', 'ws-raw', 'ws-starter']);
    for (const subject of subjects) {
      const result = await measureMemory({ root, subject, counts: [20, 220], workers: 2, payload: 64 });
      expect(result).toMatchObject({ subject: subject.id, label: subject.label, counts: [20, 220] });
      // 200 more open connections, each with its socket, parser and subscription, after a full gc.
      expect(result.heapBytes[1] - result.heapBytes[0], subject.id).toBeGreaterThan(200 * 500);
      expect(result.heapBytesPerConnection).toBe(Math.round((result.heapBytes[1] - result.heapBytes[0]) / 200));
      expect(result.rssBytesPerConnection).toBe(Math.round((result.rssBytes[1] - result.rssBytes[0]) / 200));
      expect(Number.isFinite(result.externalBytesPerConnection)).toBe(true);
    }
  }, 180_000);
});
