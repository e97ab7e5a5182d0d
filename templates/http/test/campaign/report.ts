import { appendFileSync } from 'node:fs';

/**
 * Prints a campaign test's figures as one line, and appends them to $CAMPAIGN_REPORT when set
 * (docs/reliability/http.md is written from that file).
 */
export function report(test: string, figures: Record<string, unknown>): void {
  const line = JSON.stringify({ test, ...figures });
  console.log(`campaign ${line}`);
  const file = process.env.CAMPAIGN_REPORT;
  if (file) appendFileSync(file, `${line}\n`);
}

/** A small seeded PRNG (mulberry32): random timings that a failing run can reproduce. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const MIB = 1024 * 1024;
