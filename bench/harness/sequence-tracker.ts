/**
 * Loss, duplicates and reordering for one client, by sequence number. Only the measured window
 * [first, end) counts toward delivered and lost; reordering is judged over every sequence seen.
 *
 * delivered is counted as first arrivals happen and lost by scanning for never-seen numbers at
 * the end: two independent counts, so `delivered + lost = expected` is a real check of the
 * bookkeeping (a sequence number outside the window or a corrupt stamp would break it).
 */
export class SequenceTracker {
  readonly first: number;
  readonly end: number;
  private readonly seen: Uint8Array;
  private highest = -1;
  delivered = 0;
  duplicates = 0;
  reordered = 0;

  constructor(first: number, end: number) {
    if (!(Number.isSafeInteger(first) && Number.isSafeInteger(end) && first >= 0 && end >= first)) {
      throw new RangeError(`bad window [${first}, ${end})`);
    }
    this.first = first;
    this.end = end;
    this.seen = new Uint8Array(end - first);
  }

  /** Records one arrival; returns true when it is the first arrival of a sequence in the window. */
  record(seq: number): boolean {
    const inWindow = seq >= this.first && seq < this.end;
    // A duplicate is counted as one, not also as a reordering: a copy of an old event arriving
    // late (a replay) is below the highest seen, yet nothing arrived out of order.
    if (inWindow && this.seen[seq - this.first] !== 0) {
      this.duplicates += 1;
      return false;
    }
    if (seq < this.highest) this.reordered += 1;
    else this.highest = seq;
    if (!inWindow) return false;
    const i = seq - this.first;
    this.seen[i] = 1;
    this.delivered += 1;
    return true;
  }

  /** Window sequences never received. */
  lost(): number {
    let missing = 0;
    for (const flag of this.seen) if (flag === 0) missing += 1;
    return missing;
  }

  get expected(): number {
    return this.end - this.first;
  }
}
