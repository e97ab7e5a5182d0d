import { describe, expect, it } from 'vitest';
import { runBusy, saturation, saturationWarning } from '../../bench/harness/machine-load.js';

const load = (server: number, clients: number, publisher: number, subject?: string) => ({
  ...(subject === undefined ? {} : { subject }),
  server: { cpuCores: server },
  clientsSide: { cpuCores: clients },
  publisher: { cpuCores: publisher },
});

describe("a run's share of the machine", () => {
  it('adds the server, the client workers and the publisher, over every core', () => {
    expect(runBusy(load(0.9, 0.8, 0.1), 2)).toBe(0.9);
    expect(runBusy(load(0.5, 0.25, 0.25), 4)).toBe(0.25);
  });

  it('does not count an in-process publisher twice (its CPU is the server process)', () => {
    expect(runBusy(load(0.8, 0.8, 0.8, 'sse-starter-in-process'), 2)).toBe(0.8);
  });

  it('never passes the whole machine, and is unknown without a core count', () => {
    expect(runBusy(load(1.2, 1, 0.1), 2)).toBe(1);
    expect(runBusy(load(1, 1, 0), 0)).toBeNull();
  });
});

describe('who saturated the machine', () => {
  it('is nobody under 90% busy, or when the load was not read', () => {
    expect(saturation(0.89, 0.1)).toBeUndefined();
    expect(saturation(null, 0.9)).toBeUndefined();
  });

  it('is the run itself when other processes took under 10% of the machine', () => {
    const s = saturation(0.98, 0.95);
    expect(s).toEqual({ kind: 'run', machine: 0.98, run: 0.95 });
    expect(saturationWarning(s!)).toBe(
      "the machine was 98% busy, 95% of it this run's own server, clients and publisher: the run used every core (the server's share is capped by the clients it shares the cores with)",
    );
  });

  it('is other processes when they took 10% of the machine or more', () => {
    const s = saturation(0.97, 0.6);
    expect(s).toEqual({ kind: 'others', machine: 0.97, run: 0.6, others: 0.37 });
    expect(saturationWarning(s!)).toBe('the machine was 97% busy and other processes used 37% of it (this run 60%): they competed with the server and clients for the cores');
  });

  it('blames other processes when the run did not say what it used', () => {
    expect(saturation(0.95, null)).toMatchObject({ kind: 'others', others: 0.95 });
  });
});
