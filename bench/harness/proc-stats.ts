import { readFileSync } from 'node:fs';

/** Bytes and write calls this process passed to write()/writev() (sockets included), from /proc. */
export interface IoCounters {
  wchar: number;
  syscw: number;
}

/** Linux only; undefined elsewhere (the report then leaves bytes on the wire out). */
export function readIo(): IoCounters | undefined {
  try {
    const text = readFileSync('/proc/self/io', 'utf8');
    const field = (name: string): number => Number(new RegExp(`^${name}: (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
    const io = { wchar: field('wchar'), syscw: field('syscw') };
    return Number.isFinite(io.wchar) && Number.isFinite(io.syscw) ? io : undefined;
  } catch {
    return undefined;
  }
}

/** Jiffies the whole machine spent busy and in total, from /proc/stat. */
export interface CpuTimes {
  busy: number;
  total: number;
}

export function readMachineCpu(): CpuTimes | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const fields = line.trim().split(/\s+/).slice(1).map(Number);
    const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    return Number.isFinite(total) && total > 0 ? { busy: total - idle, total } : undefined;
  } catch {
    return undefined;
  }
}

/** Fraction of the machine's CPU time that was busy between two readings. */
export function busyFraction(before: CpuTimes | undefined, after: CpuTimes | undefined): number | null {
  if (!before || !after || after.total <= before.total) return null;
  return (after.busy - before.busy) / (after.total - before.total);
}
