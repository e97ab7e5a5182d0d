/**
 * The committed benchmark run (bench/results/latest.json, written by `npm run bench:record`),
 * read at build time. Absent when no run is committed: the Compare page then shows the
 * article's claims alone. Its shape is the harness's (bench-view.ts; schemas/bench.schema.json).
 */
import type { SummaryProtocolId } from '../../src/catalogue/corrections.js';
import type { BenchProtocol, BenchRunView } from './bench-view.js';

export * from './bench-view.js';

const found = import.meta.glob<BenchRunView>('../../bench/results/latest.json', { eager: true, import: 'default' });

/** The committed run, or undefined when there is none. */
export const benchRun: BenchRunView | undefined = Object.values(found)[0];

/** The article's column for each measured protocol. */
export const summaryIdOf: Record<BenchProtocol, SummaryProtocolId> = { ws: 'websocket', sse: 'sse', grpc: 'grpc' };
export const benchProtocolOf: Record<SummaryProtocolId, BenchProtocol> = { websocket: 'ws', sse: 'sse', grpc: 'grpc' };
