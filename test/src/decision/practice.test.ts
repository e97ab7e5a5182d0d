import { describe, expect, it } from 'vitest';
import { outcomes, recommend, walk, type OutcomeId } from '../../../src/index.js';
import { holdout2Bank } from './holdout-2-bank.js';
import { holdout3Bank } from './holdout-3-bank.js';
import { holdout4Bank } from './holdout-4-bank.js';
import { holdout5Bank } from './holdout-5-bank.js';
import { holdout6Bank } from './holdout-6-bank.js';
import { holdoutBank } from './holdout-bank.js';
import { practiceBank, type PracticeCase } from './practice-bank.js';

/** What a system chose is a transport family; our outcomes map onto the same families. */
function family(id: OutcomeId): PracticeCase['chose'] {
  if (id.startsWith('grpc')) return 'grpc';
  // A webhook is an HTTP POST to the consumer's URL; a long poll is a held HTTP GET; a poll is a
  // published document fetched again.
  if (id === 'webhook' || id === 'long-poll' || id === 'poll') return 'http';
  return id as PracticeCase['chose'];
}

interface Agreement {
  top1: number;
  top2: number;
}

/** Top-1: the first answer is what the system chose; top-2: the first or the next one. */
function agreement(bank: readonly PracticeCase[], answer: (c: PracticeCase) => OutcomeId[]): Agreement {
  let top1 = 0;
  let top2 = 0;
  for (const c of bank) {
    const [first, second] = answer(c).map(family);
    if (first === c.chose) top1++;
    if (first === c.chose || second === c.chose) top2++;
  }
  return { top1: top1 / bank.length, top2: top2 / bank.length };
}

/** Ours: the recommendation, then its first alternative. */
function ours(c: PracticeCase): OutcomeId[] {
  const rec = recommend(c.answers);
  if (!rec) throw new Error(`${c.system}: the engine still needs an answer`);
  return [rec.outcome.id, rec.alternatives[0]!.outcome.id];
}

/** The article's bare tree: its leaf, then that leaf's first alternative. */
function article(c: PracticeCase): OutcomeId[] {
  const result = walk(c.answers);
  if (!result.done) throw new Error(`${c.system}: the article's tree still needs an answer`);
  return [result.outcome, outcomes[result.outcome].alternatives[0]!];
}

const percent = (n: number) => `${(n * 100).toFixed(1)}%`;

function report(name: string, bank: readonly PracticeCase[]): { mine: Agreement; theirs: Agreement } {
  const mine = agreement(bank, ours);
  const theirs = agreement(bank, article);
  const misses = bank.filter((c) => family(ours(c)[0]!) !== c.chose).map((c) => `${c.system} (chose ${c.chose}, we say ${ours(c)[0]})`);
  console.log(
    [
      `${name}: ${bank.length} documented production systems`,
      `  choose-protocol   top-1 ${percent(mine.top1)}   top-2 ${percent(mine.top2)}`,
      `  article's tree    top-1 ${percent(theirs.top1)}   top-2 ${percent(theirs.top2)}`,
      `  where we differ from the system's choice: ${misses.join('; ')}`,
    ].join('\n'),
  );
  return { mine, theirs };
}

describe('agreement with what production systems chose', () => {
  it("is printed for our engine beside the article's bare tree, and ours agrees more often", () => {
    const { mine, theirs } = report('Practice bank (test/src/decision/practice-bank.ts)', practiceBank);
    expect(practiceBank.length).toBeGreaterThanOrEqual(25);
    expect(mine.top1).toBeGreaterThan(theirs.top1);
    expect(mine.top2).toBeGreaterThanOrEqual(theirs.top2);
    // The goal, 90%; we measured 41 of 45 (91.1%) and 44 of 45 top-2, then 45 of 45 top-2
    // after the second generalisation review put WebSocket next to SSE for pages and public
    // clients (see README).
    expect(mine.top1).toBeGreaterThanOrEqual(0.9);
    expect(mine.top2).toBeGreaterThanOrEqual(1);
  });

  it('holds on a held-out bank built without sight of the engine or the first bank', () => {
    const { mine, theirs } = report('Held-out bank (test/src/decision/holdout-bank.ts)', holdoutBank);
    expect(holdoutBank.length).toBeGreaterThanOrEqual(25);
    expect(mine.top1).toBeGreaterThan(theirs.top1);
    // The floor we measured: 28 of 31 (90.3%) top-1 and top-2 before the generalisation review,
    // 30 of 31 (96.8%) after it; top-2 31 of 31 after the third review named a cursor long poll
    // next for pages that must miss nothing (see README).
    expect(mine.top1).toBeGreaterThanOrEqual(0.967);
    expect(mine.top2).toBeGreaterThanOrEqual(1);
  });

  it('is printed for a second held-out bank, written before the rules that followed it and never tuned on', () => {
    const { mine, theirs } = report('Second held-out bank (test/src/decision/holdout-2-bank.ts)', holdout2Bank);
    expect(holdout2Bank.length).toBeGreaterThanOrEqual(15);
    expect(mine.top1).toBeGreaterThan(theirs.top1);
    // A floor only against regressions: 10 of 16 before the device rules, 11 of 16 after, 14 of 16
    // after the generalisation review; top-2 14 of 16, then 15 of 16 after the third (see README).
    expect(mine.top1).toBeGreaterThanOrEqual(0.875);
    expect(mine.top2).toBeGreaterThanOrEqual(0.937);
  });

  it('is printed for a third held-out bank, committed and scored before any rule was reviewed against it', () => {
    const { mine, theirs } = report('Third held-out bank (test/src/decision/holdout-3-bank.ts)', holdout3Bank);
    expect(holdout3Bank.length).toBeGreaterThanOrEqual(20);
    expect(mine.top1).toBeGreaterThan(theirs.top1);
    // A floor only against regressions: 13 of 20 (65.0%) top-1 and 14 of 20 top-2 as committed,
    // before any rule was reviewed (the article's tree: 40.0% / 60.0%); 15 of 20 (75.0%) and 16 of
    // 20 after the generalisation review; 15 and 20 of 20 after the second (see README).
    expect(mine.top1).toBeGreaterThanOrEqual(0.75);
    expect(mine.top2).toBeGreaterThanOrEqual(1);
  });

  it('is printed for a fourth held-out bank, written blind while the rules were reviewed, scored once, then read in the second review', () => {
    const { mine, theirs } = report('Fourth held-out bank (test/src/decision/holdout-4-bank.ts)', holdout4Bank);
    expect(holdout4Bank.length).toBeGreaterThanOrEqual(30);
    expect(mine.top1).toBeGreaterThan(theirs.top1);
    // A floor only against regressions: 26 of 33 (78.8%) top-1 and 27 of 33 top-2 as scored
    // blind, the same before and after the generalisation review (the article's tree: 57.6% /
    // 75.8%); 28 of 33 (84.8%) and 32 of 33 after the second review, which read this bank with
    // the other three; top-2 33 of 33 after the third review (see README).
    expect(mine.top1).toBeGreaterThanOrEqual(0.848);
    expect(mine.top2).toBeGreaterThanOrEqual(1);
  });

  it('is printed for a fifth held-out bank, written blind while the second review made its rules from the other four, scored once, then read in the third review', () => {
    const { mine, theirs } = report('Fifth held-out bank (test/src/decision/holdout-5-bank.ts)', holdout5Bank);
    expect(holdout5Bank.length).toBeGreaterThanOrEqual(30);
    expect(mine.top1).toBeGreaterThan(theirs.top1);
    // A floor only against regressions: 25 of 33 (75.8%) top-1 and 31 of 33 (93.9%) top-2 as
    // scored blind, once (the article's tree: 36.4% / 54.5%); the third review read it with the
    // other banks and changed neither figure (see README).
    expect(mine.top1).toBeGreaterThanOrEqual(0.757);
    expect(mine.top2).toBeGreaterThanOrEqual(0.939);
  });

  it('is printed for a sixth held-out bank, written blind while the third review read the other five, scored once', () => {
    const { mine, theirs } = report('Sixth held-out bank (test/src/decision/holdout-6-bank.ts)', holdout6Bank);
    expect(holdout6Bank.length).toBeGreaterThanOrEqual(30);
    expect(mine.top1).toBeGreaterThan(theirs.top1);
    // A floor only against regressions: 23 of 33 (69.7%) top-1 and 30 of 33 (90.9%) top-2 as
    // scored blind, once, after the third review (the article's tree: 36.4% / 63.6%); the same
    // figures with the rules as they were before that review (see README).
    expect(mine.top1).toBeGreaterThanOrEqual(0.696);
    expect(mine.top2).toBeGreaterThanOrEqual(0.909);
  });

  it('rests on sourced entries: every system has a source URL and evidence, and at least 80% were verified in their own sources', () => {
    for (const bank of [practiceBank, holdoutBank, holdout2Bank, holdout3Bank, holdout4Bank, holdout5Bank, holdout6Bank]) {
      for (const c of bank) {
        expect(c.source.url, c.system).toMatch(/^https:\/\//);
        expect(c.evidence.length, c.system).toBeGreaterThan(20);
      }
      // Most entries confirmed in the system's own docs, repository or blog; the rest (verified:
      // false) rest on a third-party page and say so (the sixth bank: 5 of 33).
      expect(bank.filter((c) => c.verified).length).toBeGreaterThanOrEqual(Math.ceil(bank.length * 0.8));
    }
    const systems = [...practiceBank, ...holdoutBank, ...holdout2Bank, ...holdout3Bank, ...holdout4Bank, ...holdout5Bank].map((c) => c.system);
    expect(new Set(systems).size).toBe(systems.length);
  });
});
