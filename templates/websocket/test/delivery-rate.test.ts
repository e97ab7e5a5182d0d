import { describe, expect, it } from 'vitest';
import { DeliveryRate } from '../src/delivery-rate.js';

// The clock is the caller's (performance.now() in the broadcaster): here, chosen values.
describe('DeliveryRate', () => {
  it('reads 0 until an interval of at least intervalMs has ended, then that interval\'s rate', () => {
    const rate = new DeliveryRate(100);
    rate.count(500);
    expect(rate.at(1_000)).toBe(0);
    rate.count(2_000);
    // 50 ms in: the interval is not over, the last whole interval's rate (none yet) stands.
    expect(rate.at(1_050)).toBe(0);
    rate.count(3_000);
    // 5,000 deliveries over 100 ms: 50,000 a second.
    expect(rate.at(1_100)).toBe(50_000);
    expect(rate.at(1_150)).toBe(50_000);
  });

  it('counts a quiet spell into the interval that spans it, so the first run after a pause reads a low rate', () => {
    const rate = new DeliveryRate(100);
    rate.at(0);
    rate.count(10_000);
    expect(rate.at(100)).toBe(100_000);
    // Nothing for 10 s, then a burst: the interval since the last read spans the pause.
    rate.count(1_000);
    expect(rate.at(10_100)).toBe(100);
  });
});
