import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type IngestServer } from '../../../templates/http/src/server.js';
import type { DemoLimits } from '../limits.js';
import type { DemoMount } from '../mount.js';

export interface IngestMountOptions {
  limits: DemoLimits;
  /** Where the store lives. Default: a fresh temporary folder, removed on stop(). */
  dataDir?: string;
}

/**
 * The ingest demo: the http starter's own server and file store, mounted with its basePath at
 * /demos/ingest (POST /demos/ingest/ingest with an Idempotency-Key, GET /demos/ingest/records).
 */
export function createIngestMount({ limits, dataDir }: IngestMountOptions): DemoMount & { starter(): IngestServer } {
  let starter: IngestServer | undefined;
  let ownDir: string | undefined;

  return {
    starter() {
      if (starter === undefined) throw new Error('ingest mount not started');
      return starter;
    },
    demos: ['ingest'],
    prefix: '/demos/ingest',
    streamOf: () => undefined,
    handleRequest(req, res) {
      if (starter === undefined) {
        res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' }).end('starting\n');
        return;
      }
      starter.handleRequest(req, res);
    },
    async start() {
      if (dataDir === undefined) ownDir = await mkdtemp(join(tmpdir(), 'choose-protocol-ingest-'));
      starter = createServer({
        basePath: '/demos/ingest',
        dataDir: dataDir ?? ownDir,
        limits: { maxBodyBytes: limits.maxPayloadBytes, maxJsonBodyBytes: limits.maxPayloadBytes, maxConcurrentIngests: 16, maxConcurrentIngestsPerIp: limits.ingestsPerIp, maxPageSize: 100 },
        idempotency: { maxKeys: 1_000, ttlMs: 60 * 60_000 },
        shutdownGraceMs: 1_000,
        requestTimeoutMs: 30_000,
      });
      await starter.open();
    },
    async stop() {
      await starter?.stop();
      if (ownDir !== undefined) await rm(ownDir, { recursive: true, force: true });
    },
  };
}
