import { readdirSync, readFileSync } from 'node:fs';

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
  /**
   * Of `busy`, the time in interrupts and softirqs (irq + softirq): the kernel's packet work,
   * which no process is charged for (ksoftirqd's included).
   */
  interrupts: number;
}

export function readMachineCpu(): CpuTimes | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const fields = line.trim().split(/\s+/).slice(1).map(Number);
    const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    const interrupts = (fields[5] ?? 0) + (fields[6] ?? 0);
    return Number.isFinite(total) && total > 0 ? { busy: total - idle, total, interrupts } : undefined;
  } catch {
    return undefined;
  }
}

/** Fraction of the machine's CPU time that was busy between two readings. */
export function busyFraction(before: CpuTimes | undefined, after: CpuTimes | undefined): number | null {
  if (!before || !after || after.total <= before.total) return null;
  return (after.busy - before.busy) / (after.total - before.total);
}

/** Fraction of the machine's CPU time spent in interrupts and softirqs between two readings. */
export function interruptFraction(before: CpuTimes | undefined, after: CpuTimes | undefined): number | null {
  if (!before || !after || after.total <= before.total) return null;
  return Math.max(0, after.interrupts - before.interrupts) / (after.total - before.total);
}

/** Linux's USER_HZ: the unit of /proc/<pid>/stat's times, 100 on every architecture Node runs on. */
const USER_HZ = 100;

/**
 * CPU time another process has used, µs, every thread of it, ended ones too (what its own
 * process.cpuUsage() counts), from /proc/<pid>/stat's utime and stime (10 ms units: 0.1% of a
 * 10 s window at one core). Read from outside, it needs nothing from the process: a saturated
 * server answers a request for its own figures seconds late. Linux only; undefined elsewhere or
 * once the process is gone.
 */
export function readProcessCpuUs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After the command name (in parentheses, and free to hold spaces and parentheses itself)
    // come the state (field 3) ... utime (14) and stime (15).
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks / USER_HZ) * 1e6 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * CPU time, in ticks, of every process outside `rootPid`'s tree (kernel threads too, but not
 * ksoftirqd, whose packet work is the run's loopback traffic), and the time of their children
 * reaped (cutime + cstime), so a short-lived process that ended in the window still counts.
 * Keyed by pid and start time; Linux only, undefined elsewhere.
 */
export type ProcessTimes = Map<string, { ticks: number; reaped: number }>;

export function readOtherProcesses(rootPid: number): ProcessTimes | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  const all: { pid: number; ppid: number; key: string; name: string; ticks: number; reaped: number }[] = [];
  for (const pid of entries) {
    try {
      const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const name = text.slice(text.indexOf('(') + 1, text.lastIndexOf(')'));
      const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
      all.push({ pid: Number(pid), ppid: Number(f[1]), key: `${pid}:${f[19]}`, name, ticks: Number(f[11]) + Number(f[12]), reaped: Number(f[13]) + Number(f[14]) });
    } catch {
      // gone since the listing
    }
  }
  const children = new Map<number, number[]>();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p.pid]);
  const run = new Set<number>();
  for (const queue = [rootPid]; queue.length > 0; ) {
    const pid = queue.pop()!;
    run.add(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  const times: ProcessTimes = new Map();
  for (const p of all) if (!run.has(p.pid) && !p.name.startsWith('ksoftirqd/')) times.set(p.key, { ticks: p.ticks, reaped: p.reaped });
  return times;
}

/**
 * Fraction of the machine's CPU time other processes used between two readings: what each
 * used in between (all of it for one started since), plus what their children that ended in
 * between had used, less what those had used before the first reading.
 */
export function othersFraction(before: ProcessTimes | undefined, after: ProcessTimes | undefined, machineBefore: CpuTimes | undefined, machineAfter: CpuTimes | undefined): number | null {
  if (!before || !after || !machineBefore || !machineAfter || machineAfter.total <= machineBefore.total) return null;
  let ticks = 0;
  let reaped = 0;
  for (const [key, a] of after) {
    const b = before.get(key);
    ticks += a.ticks - (b?.ticks ?? 0);
    if (b) reaped += a.reaped - b.reaped;
  }
  // Children reaped in between count whole in their parents' reaped time: less what the ones
  // seen before had used by then (one whose parent is out of sight is lost, not negative).
  for (const [key, b] of before) if (!after.has(key)) reaped -= b.ticks;
  ticks += Math.max(0, reaped);
  return Math.min(1, Math.max(0, ticks / (machineAfter.total - machineBefore.total)));
}
