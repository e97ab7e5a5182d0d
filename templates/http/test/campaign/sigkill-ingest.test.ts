import { createServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { allRecords, tempDir } from '../helpers.js';
import { spawnMain, type MainProcess } from '../spawn-main.js';
import { report, seededRandom } from './report.js';

const UPLOADS = 40;
const CONCURRENCY = 12;
const KILLS = 4;
const SEED = Number(process.env.CAMPAIGN_SEED ?? 20261203);

/** A port that was free a moment ago: the restarted server must come back on the same one. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Upload i: its own records, the same bytes on every attempt (the key's fingerprint needs it). */
function uploadLines(index: number, count: number): string[] {
  return Array.from({ length: count }, (_, value) => `{"type":"u${index}","value":${value}}\n`);
}

/**
 * Streams the lines in small pieces with pauses, so a kill lands in the middle of uploads;
 * `onSent` runs once fetch has taken the first piece and asked for the next (the body is flowing).
 */
async function* slowBody(lines: string[], onSent: () => void): AsyncGenerator<Uint8Array> {
  for (let start = 0; start < lines.length; start += 25) {
    yield Buffer.from(lines.slice(start, start + 25).join(''));
    onSent();
    await delay(2);
  }
}

describe('campaign: SIGKILL in the middle of uploads with Idempotency-Keys', () => {
  it('after restarts and retries, every record of every upload that got a 2xx is stored exactly once', async () => {
    const random = seededRandom(SEED);
    // The kill schedule has its own stream: the workers' retry delays draw from theirs in an
    // order set by timing, which would otherwise make the schedule differ run to run.
    const killRandom = seededRandom(SEED + 1);
    const dataDir = await tempDir();
    const port = await freePort();
    const env = { DATA_DIR: dataDir, PORT: String(port), MAX_CONCURRENT_INGESTS: '16', MAX_CONCURRENT_INGESTS_PER_IP: '16' };
    const sizes = Array.from({ length: UPLOADS }, () => 100 + Math.floor(random() * 900));
    const stats = { attempts: 0, networkErrors: 0, busyOrInUse: 0, replayed: 0, kills: 0, killsMidUpload: 0, uploadsInFlightAtKills: 0, acked: 0, ackedRecords: 0 };
    let midBody = 0; // attempts whose body is flowing and that have no answer yet

    let server: MainProcess = await spawnMain(env);
    const url = `http://127.0.0.1:${port}`;
    let next = 0;
    const acked = new Map<number, number>();
    // Kills are paced by progress, not by the clock: a fast machine finished all 40 uploads before
    // a timed first kill (Node 26 in CI), so every kill hit an idle server and proved nothing.
    // One waiter (the killer), woken on every ack and every body that starts flowing; it checks
    // its condition again each time, so a wake-up between two checks is never lost.
    let waiter: (() => void) | undefined;
    const wake = (): void => waiter?.();
    const until = async (condition: () => boolean): Promise<void> => {
      while (!condition()) await new Promise<void>((resolve) => (waiter = resolve));
    };

    async function runUpload(index: number): Promise<void> {
      const lines = uploadLines(index, sizes[index]!);
      for (;;) {
        stats.attempts += 1;
        let flowing = false;
        const onSent = (): void => {
          if (flowing) return;
          flowing = true;
          midBody += 1;
          wake();
        };
        let answer: { status: number; replayed: boolean; body: { accepted?: number; error?: { code: string } } } | undefined;
        try {
          const response = await fetch(`${url}/ingest`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/x-ndjson', 'Idempotency-Key': `upload-${index}` },
            body: slowBody(lines, onSent) as unknown as ReadableStream,
            duplex: 'half',
          } as RequestInit);
          answer = { status: response.status, replayed: response.headers.get('idempotent-replayed') === 'true', body: (await response.json()) as never };
        } catch {
          stats.networkErrors += 1; // killed mid-request, or down while restarting
        } finally {
          if (flowing) midBody -= 1;
        }
        if (answer?.status === 202) {
          if (answer.replayed) stats.replayed += 1;
          acked.set(index, answer.body.accepted ?? -1);
          wake();
          return;
        }
        if (answer) {
          // Still running from before the kill, or every slot taken: retry (what the client does).
          // Outside the try: any other answer fails the test here rather than reading as a
          // network error and being retried until the timeout.
          expect([409, 503], `upload ${index}: ${answer.status} ${JSON.stringify(answer.body)}`).toContain(answer.status);
          stats.busyOrInUse += 1;
        }
        await delay(20 + Math.floor(random() * 80));
      }
    }

    const workers = Array.from({ length: CONCURRENCY }, async () => {
      while (next < UPLOADS) await runUpload(next++);
    });
    const killer = (async () => {
      for (let kill = 0; kill < KILLS; kill += 1) {
        // Kill k once about k/(KILLS+1) of the uploads are in (12 workers keep the rest in flight),
        // then a few random milliseconds more, so it lands somewhere inside their bodies.
        const target = Math.floor((UPLOADS * kill) / (KILLS + 1)) + Math.floor(killRandom() * 4);
        await until(() => acked.size >= target);
        await delay(5 + Math.floor(killRandom() * 30));
        // The target can already be met when the server comes back (acks landed during the last
        // kill's delay), and then the retries may all still be waiting out their back-off: wait
        // for a body in flight. Cannot hang: until every upload is acked, some worker keeps
        // retrying, and its next attempt that reaches the server starts a body.
        await until(() => midBody > 0 || acked.size === UPLOADS);
        stats.uploadsInFlightAtKills += midBody;
        if (midBody > 0) stats.killsMidUpload += 1;
        server.child.kill('SIGKILL');
        await server.exited;
        stats.kills += 1;
        server = await spawnMain(env);
      }
    })();
    await Promise.all([...workers, killer]);

    const stored = await allRecords(url);
    const sent = sizes.reduce((sum, size) => sum + size, 0);
    stats.acked = acked.size;
    stats.ackedRecords = [...acked.values()].reduce((sum, count) => sum + count, 0);
    // Exactly once: each upload's values 0..n-1, each once; ids gap-free from 1.
    expect(stored.map((record) => record.id)).toEqual(stored.map((_, position) => position + 1));
    const byUpload = new Map<string, number[]>();
    for (const record of stored) byUpload.set(record.type, [...(byUpload.get(record.type) ?? []), record.value]);
    for (const [index, size] of sizes.entries()) {
      expect(acked.get(index)).toBe(size);
      expect(byUpload.get(`u${index}`)).toEqual(Array.from({ length: size }, (_, value) => value));
    }
    expect(stored).toHaveLength(sent);
    expect(stats.killsMidUpload).toBe(KILLS); // every kill landed with uploads in flight
    report('sigkill-ingest', { seed: SEED, uploads: UPLOADS, recordsSent: sent, ...stats, recordsStored: stored.length });

    server.child.kill('SIGINT');
    expect((await server.exited).code).toBe(0);
  }, 90_000);
});
