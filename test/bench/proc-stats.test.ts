import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, connect, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { busyFraction, interruptFraction, readMachineCpu, readProcessCpuUs } from '../../bench/harness/proc-stats.js';

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
    // A child that spins for 400 ms, then prints its own process.cpuUsage() and waits.
    const child = spawn(process.execPath, ['-e', 'const end = Date.now() + 400; while (Date.now() < end); const u = process.cpuUsage(); console.log(u.user + u.system); setInterval(() => {}, 1000);']);
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
