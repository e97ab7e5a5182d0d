import { describe, expect, it } from 'vitest';
import { serverWarnings } from '../../bench/harness/server-warnings.js';

describe('serverWarnings', () => {
  it('says the server was over capacity when its loop was busy and deliveries fell short', () => {
    const [warning] = serverWarnings({ eventLoopUtilisation: 1, cpuCores: 0.13, delivered: 0, expected: 300_000, stats: null });
    expect(warning).toContain('100% busy (on 13% of a core)');
    expect(warning).toContain('delivered 0%');
    expect(warning).toContain('--find-max');
  });

  it('says nothing of capacity when every event arrived, or when the loop had room', () => {
    expect(serverWarnings({ eventLoopUtilisation: 0.95, cpuCores: 0.9, delivered: 1000, expected: 1000, stats: null })).toEqual([]);
    expect(serverWarnings({ eventLoopUtilisation: 0.5, cpuCores: 0.5, delivered: 10, expected: 1000, stats: null })).toEqual([]);
  });

  it("names the consumers a starter dropped, from its own counters", () => {
    const grpc = { chatParticipantsDropped: 100, chatCallsReset: 100, activeCalls: 1 };
    expect(serverWarnings({ eventLoopUtilisation: 0.2, cpuCores: 0.2, delivered: 5, expected: 5, stats: grpc })).toEqual([
      expect.stringContaining('chatParticipantsDropped = 100'),
    ]);
    expect(serverWarnings({ eventLoopUtilisation: 0.2, cpuCores: 0.2, delivered: 5, expected: 5, stats: { slowClosed: 3 } })).toEqual([
      expect.stringContaining('slowClosed = 3'),
    ]);
    expect(serverWarnings({ eventLoopUtilisation: 0.2, cpuCores: 0.2, delivered: 5, expected: 5, stats: { slowClosed: 0, deliveries: 9 } })).toEqual([]);
  });

  it('says a starter that dropped every subscriber fell behind itself, not that one client was slow', () => {
    const grpc = { chatParticipantsDropped: 100 };
    const [all] = serverWarnings({ eventLoopUtilisation: 0.09, cpuCores: 0.1, delivered: 0, expected: 1_000_000, clients: 100, stats: grpc });
    expect(all).toMatch(/chatParticipantsDropped = 100: .*; that is every subscriber, dropped alike: the server itself fell behind the rate/);
    const [some] = serverWarnings({ eventLoopUtilisation: 0.09, cpuCores: 0.1, delivered: 900, expected: 1000, clients: 100, stats: { chatParticipantsDropped: 3 } });
    expect(some).not.toMatch(/every subscriber/);
  });
});
