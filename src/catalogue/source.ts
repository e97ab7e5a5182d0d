/**
 * Where a fact comes from and when we last checked it. Every 2026 fact in the catalogue (the
 * landscape entries and our corrections to the article) carries both, so the CLI and the site
 * can say how fresh a claim is and a reader can check it.
 */

export interface Source {
  title: string;
  url: string;
}

/** The day the facts below were last re-checked against their sources (ISO date). */
export const checkedOn = '2026-12-02';

export interface Fact {
  text: string;
  sources: readonly Source[];
  /** ISO date the sources were last read for this fact. */
  checked: string;
}
