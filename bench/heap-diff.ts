/**
 * What a subject's server keeps per idle connection, by heap object kind: opens `low` then
 * `high` idle subscribers against the subject's server (its own process, as in --memory),
 * writes a heap snapshot at each count and prints the constructors whose retained count or
 * self size grew, per added connection. A diagnostic for bench --memory's slope, not a test.
 *
 *   node --import tsx bench/heap-diff.ts <subject> [low] [high] [kind]   e.g. ws-starter 1000 5000
 *
 * With a kind (as printed, e.g. "array:(object properties)"), also lists what holds those.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnChild, type Child } from './harness/child-process.js';
import { shares } from './harness/measure.js';
import { subjectsFor, protocols } from './harness/subjects.js';

interface Kind {
  count: number;
  bytes: number;
}

/**
 * Counts and self sizes by "type:name" from a .heapsnapshot (V8's JSON layout). With `owned`,
 * kinds holding objects of that kind are counted too, as "<owner kind> -> <owned kind>".
 */
function kinds(file: string, owned?: string): Map<string, Kind> {
  const snapshot = JSON.parse(readFileSync(file, 'utf8')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[] } };
    nodes: number[];
    edges: number[];
    strings: string[];
  };
  const fields = snapshot.snapshot.meta.node_fields;
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const typeNames = snapshot.snapshot.meta.node_types[0];
  const out = new Map<string, Kind>();
  for (let i = 0; i < snapshot.nodes.length; i += width) {
    const type = typeNames[snapshot.nodes[i + typeAt]!]!;
    const rawName = snapshot.strings[snapshot.nodes[i + nameAt]!] ?? '';
    const name = type === 'string' || type === 'concatenated string' || type === 'sliced string' ? '(string)' : rawName.slice(0, 60);
    const key = `${type}:${name}`;
    const kind = out.get(key) ?? { count: 0, bytes: 0 };
    kind.count += 1;
    kind.bytes += snapshot.nodes[i + sizeAt]!;
    out.set(key, kind);
  }
  if (owned !== undefined) {
    const keyAt = (node: number): string => {
      const type = typeNames[snapshot.nodes[node + typeAt]!]!;
      return `${type}:${(snapshot.strings[snapshot.nodes[node + nameAt]!] ?? '').slice(0, 60)}`;
    };
    const edgeWidth = snapshot.snapshot.meta.edge_fields.length;
    const toAt = snapshot.snapshot.meta.edge_fields.indexOf('to_node');
    const countAt = fields.indexOf('edge_count');
    let edge = 0;
    for (let i = 0; i < snapshot.nodes.length; i += width) {
      const edges = snapshot.nodes[i + countAt]!;
      for (let e = 0; e < edges; e++, edge += edgeWidth) {
        const to = snapshot.edges[edge + toAt]!;
        if (keyAt(to) !== owned) continue;
        const key = `${keyAt(i)} -> ${owned}`;
        const kind = out.get(key) ?? { count: 0, bytes: 0 };
        kind.count += 1;
        kind.bytes += snapshot.nodes[to + sizeAt]!;
        out.set(key, kind);
      }
    }
  }
  return out;
}

const [subjectId = 'ws-starter', lowArg = '1000', highArg = '5000', owned] = process.argv.slice(2);
const low = Number(lowArg);
const high = Number(highArg);
const subject = subjectsFor(protocols, { sseH2: true }).find((s) => s.id === subjectId);
if (!subject) throw new Error(`unknown subject ${subjectId}`);
const root = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'heap-diff-'));
const children: { child: Child; stop: string }[] = [];
try {
  const server = spawnChild(root, 'server', ['--expose-gc']);
  children.push({ child: server, stop: 'stop' });
  const { port } = await server.call<{ port: number }>('start', { subject: subject.id, setup: { root, rate: 1, clients: high, payload: 100 } });
  const workers = [spawnChild(root, 'clients'), spawnChild(root, 'clients')];
  workers.forEach((child) => children.push({ child, stop: 'close' }));
  const open = async (total: number, tag: string): Promise<void> => {
    const parts = shares(total, workers.length);
    await Promise.all(parts.map((count, w) => workers[w]!.call('connect', { protocol: subject.protocol, h2: subject.h2 === true, port, count, prefix: `h${w}${tag}`, root })));
    await new Promise((done) => setTimeout(done, 1000));
  };
  await open(low, 'a');
  const a = await server.call<string>('heapSnapshot', { file: join(dir, 'low.heapsnapshot') });
  await open(high - low, 'b');
  const b = await server.call<string>('heapSnapshot', { file: join(dir, 'high.heapsnapshot') });
  const before = kinds(a, owned);
  const after = kinds(b, owned);
  const added = high - low;
  const rows = [...after].map(([key, kind]) => {
    const was = before.get(key) ?? { count: 0, bytes: 0 };
    return { key, perConnCount: (kind.count - was.count) / added, perConnBytes: (kind.bytes - was.bytes) / added };
  });
  rows.sort((x, y) => y.perConnBytes - x.perConnBytes);
  let total = 0;
  for (const row of rows) if (!row.key.includes(' -> ')) total += row.perConnBytes;
  console.log(`${subject.label}: heap self size per added idle connection ${total.toFixed(0)} B (${low} -> ${high})`);
  for (const row of rows.slice(0, 40)) console.log(`${row.perConnBytes.toFixed(1).padStart(9)} B ${row.perConnCount.toFixed(2).padStart(6)} x  ${row.key}`);
} finally {
  await Promise.all(children.reverse().map(({ child, stop }) => child.shutdown(stop, 10_000)));
  rmSync(dir, { recursive: true, force: true });
}
