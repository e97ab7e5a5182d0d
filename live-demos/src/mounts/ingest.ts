import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOG_FILE } from '../../../templates/http/src/file-store.js';
import { createServer, type IngestServer } from '../../../templates/http/src/server.js';
import { sendDemoError } from '../demo-error.js';
import type { DemoLimits } from '../limits.js';
import type { DemoMount } from '../mount.js';

export interface IngestMountOptions {
  limits: DemoLimits;
  /** Where the store lives. Default: a fresh temporary folder, removed on stop(). */
  dataDir?: string;
  onError?: (error: unknown) => void;
}

/** On every ingest answer: which store answered. It changes when a full store is replaced by an empty one. */
export const STORE_HEADER = 'X-Demo-Ingest-Store';

/**
 * The ingest demo: the http starter's own server and file store, mounted with its basePath at
 * /demos/ingest (POST /demos/ingest/ingest with an Idempotency-Key, GET /demos/ingest/records).
 *
 * The store is an append-only log that every reader writes to, so on a public server it would
 * grow until the disk is full (64 KiB an upload, as fast as uploads come). Once it holds
 * ingestStoreBytes, the next upload is answered 503 (retry in a second) and the store is replaced
 * by an empty one in a new temporary folder, the old one removed: the stored-once promise holds
 * within one store, and STORE_HEADER tells the page to start counting again. A store in a folder
 * the caller gave (dataDir) is never removed: over the cap, uploads are refused with 507.
 */
export function createIngestMount({ limits, dataDir, onError = console.error }: IngestMountOptions): DemoMount & { starter(): IngestServer } {
  let starter: IngestServer | undefined;
  let dir: string | undefined;
  let generation = 0;
  let emptying: Promise<void> | undefined;
  let stopped = false;

  async function openStore(): Promise<void> {
    dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'choose-protocol-ingest-')));
    const next = createServer({
      basePath: '/demos/ingest',
      dataDir: dir,
      limits: { maxBodyBytes: limits.maxPayloadBytes, maxJsonBodyBytes: limits.maxPayloadBytes, maxConcurrentIngests: 16, maxConcurrentIngestsPerIp: limits.ingestsPerIp, maxPageSize: 100 },
      idempotency: { maxKeys: 1_000, ttlMs: 60 * 60_000 },
      shutdownGraceMs: 1_000,
      requestTimeoutMs: 30_000,
    });
    await next.open();
    generation += 1;
    starter = next;
  }

  /** Bytes of committed log (a stat per upload: cheap next to the upload's own fsync). */
  function storeBytes(): number {
    try {
      return dir === undefined ? 0 : statSync(join(dir, LOG_FILE)).size;
    } catch {
      return 0;
    }
  }

  /** Replaces the full store: uploads in flight finish (or get the starter's 503), then a new, empty one opens. */
  function empty(): void {
    const full = starter;
    const fullDir = dir;
    starter = undefined;
    emptying = (async () => {
      await full?.stop();
      if (fullDir !== undefined) await rm(fullDir, { recursive: true, force: true });
      if (!stopped) await openStore();
    })()
      .catch(onError)
      .finally(() => {
        emptying = undefined;
      });
  }

  return {
    starter() {
      if (starter === undefined) throw new Error('ingest mount not started');
      return starter;
    },
    demos: ['ingest'],
    prefix: '/demos/ingest',
    streamOf: () => undefined,
    handleRequest(req, res) {
      const full = { code: 'demo_limit' as const, limit: 'ingestStoreBytes' };
      if (starter === undefined) {
        if (emptying === undefined) return sendDemoError(res, 503, { code: 'shutting_down', message: 'the ingest store is not open' }, { 'Retry-After': '1' });
        return sendDemoError(res, 503, { ...full, message: 'the ingest demo\u2019s store was full and is being emptied; retry in a second' }, { 'Retry-After': '1' });
      }
      res.setHeader(STORE_HEADER, String(generation));
      if (req.method === 'POST' && storeBytes() >= limits.ingestStoreBytes) {
        const message = `the ingest demo\u2019s store is full (${limits.ingestStoreBytes} bytes)`;
        if (dataDir !== undefined) return sendDemoError(res, 507, { ...full, message }, { Connection: 'close' });
        empty();
        return sendDemoError(res, 503, { ...full, message: `${message}; it is being emptied: retry in a second` }, { 'Retry-After': '1', Connection: 'close' });
      }
      starter.handleRequest(req, res);
    },
    async start() {
      await openStore();
    },
    async stop() {
      stopped = true;
      await emptying;
      await starter?.stop();
      if (dataDir === undefined && dir !== undefined) await rm(dir, { recursive: true, force: true });
    },
  };
}
