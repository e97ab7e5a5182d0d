/**
 * What a (re)connecting subscriber gets, decided from its Last-Event-ID and the replay window.
 * A pure function so the policy is readable and tested on its own.
 */

export type ResetReason =
  /** The id is older than the replay buffer: `missed` events are gone for good. */
  | 'expired'
  /** The id is not a decimal integer we could have issued. */
  | 'malformed'
  /**
   * The id is not one this server issued: newer than anything published, or from before the
   * hub's first id. Either way the server restarted (or the client talked to another instance).
   */
  | 'unknown';

export type ResumePlan =
  /** Send every event after `cursor` (nothing to replay when cursor is the last id). */
  | { kind: 'resume'; cursor: number }
  /**
   * Send an `event: reset` first (with `id: cursor`, so the client's Last-Event-ID moves to a
   * position we understand), then every event after `cursor`. `missed` is how many events the
   * client will never see, or null when we cannot know.
   */
  | { kind: 'reset'; reason: ResetReason; missed: number | null; lastEventId: string; cursor: number };

export interface ReplayWindow {
  readonly firstId: number;
  readonly lastId: number;
  readonly oldestId: number;
}

/** Up to 16 digits: ids are microseconds since the epoch and up (src/event-hub.ts), within Number.MAX_SAFE_INTEGER. */
const DECIMAL = /^\d{1,16}$/;

export function planResume(lastEventId: string | undefined, window: ReplayWindow): ResumePlan {
  // A new subscriber starts at the head: it asked for live events, not history.
  if (lastEventId === undefined || lastEventId === '') return { kind: 'resume', cursor: window.lastId };

  const trimmed = lastEventId.trim();
  if (!DECIMAL.test(trimmed)) {
    return { kind: 'reset', reason: 'malformed', missed: null, lastEventId, cursor: window.lastId };
  }
  const seen = Number(trimmed);
  if (!Number.isSafeInteger(seen)) {
    return { kind: 'reset', reason: 'malformed', missed: null, lastEventId, cursor: window.lastId };
  }
  // firstId - 1 is still ours: it is the position of a client that connected before any event.
  if (seen > window.lastId || seen < window.firstId - 1) {
    return { kind: 'reset', reason: 'unknown', missed: null, lastEventId, cursor: window.lastId };
  }
  const firstKept = window.oldestId;
  if (seen < firstKept - 1) {
    return { kind: 'reset', reason: 'expired', missed: firstKept - 1 - seen, lastEventId, cursor: firstKept - 1 };
  }
  return { kind: 'resume', cursor: seen };
}
