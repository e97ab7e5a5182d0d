import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, connect, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { busyFraction, interruptFraction, othersFraction, readMachineCpu, readOtherProcesses, readProcessCpuUs, type ProcessTimes } from '../../bench/harness/proc-stats.js';

describe("the machine's CPU time from /proc/stat", () => {
  it('splits the interrupt and softirq time out of the busy time', () => {
    const before = { busy: 100, total: 400, interrupts: 10 };
    const after = { busy: 300, total: 600, interrupts: 50 };
    expect(busyFraction(before, after)).toBe(1);
    expect(interruptFraction(before, after)).toBe(0.2);
    expect(interruptFraction(after, after)).toBeNull();
    expect(interruptFraction(undefined, after)).toBeNull();
  });

  it('reads a real machine across real loopback traffic, the interrupt time a part of the busy time', async () => {
    const server = createServer((socket) => socket.resume());
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const before = readMachineCpu();
    const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
    await once(socket, 'connect');
    const chunk = Buffer.alloc(64 * 1024);
    const until = Date.now() + 300;
    while (Date.now() < until) {
      if (!socket.write(chunk)) await once(socket, 'drain');
    }
    socket.end();
    await once(socket, 'close');
    server.close();
    const after = readMachineCpu();

    expect(before).toBeDefined();
    expect(after!.interrupts).toBeGreaterThanOrEqual(before!.interrupts);
    const busy = busyFraction(before, after)!;
    const interrupts = interruptFraction(before, after)!;
    expect(interrupts).toBeGreaterThanOrEqual(0);
    expect(interrupts).toBeLessThanOrEqual(busy);
    expect(busy).toBeLessThanOrEqual(1);
  });
});

describe("another process's CPU time, read from outside", () => {
  it('agrees with what the process counts itself, and needs nothing from it', async () => {
    // A child that spins until it has used 400 ms of CPU (not of the clock: on a loaded machine
    // 400 ms of wall time gave it 130 ms of CPU), then prints its own process.cpuUsage() and waits.
    const child = spawn(process.execPath, ['-e', 'const cpu = () => { const u = process.cpuUsage(); return u.user + u.system; }; while (cpu() < 400_000); console.log(cpu()); setInterval(() => {}, 1000);']);
    const [line] = (await once(child.stdout, 'data')) as [Buffer];
    const own = Number(line.toString());
    const outside = readProcessCpuUs(child.pid);
    child.kill();
    await once(child, 'exit');
    expect(own).toBeGreaterThan(300_000);
    // 10 ms units, and the child runs on a little after printing.
    expect(Math.abs(outside! - own)).toBeLessThan(60_000);
    expect(readProcessCpuUs(child.pid)).toBeUndefined();
    expect(readProcessCpuUs(undefined)).toBeUndefined();
  });
});

describe("other processes' CPU time, read rather than inferred", () => {
  const machine = (total: number) => ({ busy: 0, total, interrupts: 0 });
  const times = (entries: [string, number, number][]): ProcessTimes => new Map(entries.map(([key, ticks, reaped]) => [key, { ticks, reaped }]));

  it('counts what each used in between, a new one all of it, an ended one through its parent', () => {
    // p1 used 30; p2 started and used 10; p3 had used 5 and ended with 25, reaped by p1 (its cutime).
    const before = times([['1:100', 50, 0], ['3:200', 5, 0]]);
    const after = times([['1:100', 80, 25], ['2:300', 10, 0]]);
    expect(othersFraction(before, after, machine(0), machine(200))).toBeCloseTo((30 + 10 + 20) / 200, 6);
    // A pid reused by another process is another process.
    expect(othersFraction(times([['1:100', 50, 0]]), times([['1:999', 7, 0]]), machine(0), machine(100))).toBeCloseTo(0.07, 6);
    expect(othersFraction(before, after, machine(10), machine(10))).toBeNull();
    expect(othersFraction(undefined, after, machine(0), machine(10))).toBeNull();
  });

  it('sees a process outside the tree spin, and not one inside it', async () => {
    // setsid forks a process-group leader (detached) and exits: the spinner is then init's, out of this tree.
    const launcher = spawn('setsid', [process.execPath, '-e', 'console.log(process.pid); for (;;);'], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
    const [line] = (await once(launcher.stdout!, 'data')) as [Buffer];
    const outsidePid = Number(line.toString());
    const inside = spawn(process.execPath, ['-e', 'for (;;);'], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const before = readOtherProcesses(process.pid)!;
      const has = (pid: number | undefined): boolean => [...before.keys()].some((key) => key.startsWith(`${pid}:`));
      expect([has(outsidePid), has(inside.pid), has(process.pid)]).toEqual([true, false, false]);
      const m0 = readMachineCpu();
      await new Promise((resolve) => setTimeout(resolve, 500));
      // One spinning process is half of a 2-core machine when it gets a core of its own.
      expect(othersFraction(before, readOtherProcesses(process.pid), m0, readMachineCpu())).toBeGreaterThan(0.1);
    } finally {
      process.kill(outsidePid);
      inside.kill();
    }
  });
});
