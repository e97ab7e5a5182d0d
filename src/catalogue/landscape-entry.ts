import type { ProtocolId } from './protocols.js';
import type { Fact } from './source.js';
import type { LandscapeId } from './landscape-ids.js';
import type { TemplateId } from '../templates.js';

/**
 * A transport or pattern the article does not cover but a 2026 reader meets: what it is, where
 * it stands, every fact with its sources, and which starter (if any) to begin from.
 */
export interface LandscapeEntry {
  id: LandscapeId;
  name: string;
  tagline: string;
  /** Where it stands today, in a few words, e.g. "Baseline 2026-03-24, no Node server". */
  status: string;
  /** The article protocol it extends or stands in for; `explain` points the reader there. */
  relatesTo: ProtocolId;
  facts: readonly Fact[];
  useWhen: readonly string[];
  gotchas: readonly string[];
  /** The starter to begin from, or null when we ship none (then `instead` says what to use). */
  template: TemplateId | null;
  /** Flags for `init <template>`, e.g. ['--web']. */
  templateFlags: readonly string[];
  /** What the starter gives for this entry, or why there is none. */
  starterNote: string;
  /** What to build with instead; empty when there is a starter. */
  instead: readonly string[];
}
