import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PublishResult, Publisher } from './coalescer.js';
import { HttpError, ShuttingDownError, StoreUnavailableError } from './errors.js';
import { fingerprintOf, type IdempotencyClaim, type IdempotencyMemory, readIdempotencyKey } from './idempotency.js';
import { isRecord } from './is-record.js';
import { publishProblem } from './publish-rules.js';
import { readJsonBody, requireJsonContentType } from './read-json-body.js';
import { sendJson } from './reply.js';

export interface PublishRouteOptions {
  publisher: Publisher;
  /**
   * Whether an `Authorization` header carries the publish token (src/bearer-token.ts, made once
   * per server). Undefined disables publishing (403).
   */
  isAuthorized: ((authorization: string | undefined) => boolean) | undefined;
  maxBodyBytes: number;
  /** Most events in one batch body `{ "events": [...] }`. */
  maxPublishBatch: number;
  /**
   * Redis mode: stores the events (one, or a whole batch atomically) and resolves with their
   * ids once Redis has them; `publisher` is then not used. See src/redis-store.ts.
   */
  storePublisher?: StorePublisher | undefined;
  /** In-process mode's memory of answered Idempotency-Keys; Redis mode keeps them in Redis. */
  idempotency: IdempotencyMemory;
}

/**
 * Redis mode's publish: stores the events and answers their ids. With a claim it is done once
 * per key (see src/idempotency.ts): a key Redis already holds answers `replayedFingerprint`
 * and the ids stored then, and publishes nothing.
 */
export type StorePublisher = (
  requests: readonly PublishRequest[],
  claim: IdempotencyClaim | undefined,
) => Promise<{ results: { id: string }[]; replayedFingerprint?: string | undefined }>;

export interface PublishRequest {
  event: string;
  data: unknown;
  /** Opts the event into coalescing: only the latest value per (event, key) in a window is sent. */
  key?: string;
}

/**
 * POST /publish `{ "event", "data", "key"? }` with `Authorization: Bearer <PUBLISH_TOKEN>` ->
 * 202 `{ "id" }`, or 202 `{ "coalesced": true }` for a keyed event while coalescing is on (its
 * id does not exist yet, and a newer value may take its place); 503 `shutting_down` once the
 * server has begun to stop, even for a request that was already arriving.
 * Authorization is checked before the body is read, so strangers cannot make us read a megabyte.
 *
 * Batch form: `{ "events": [ { "event", "data", "key"? }, ... ] }` (1 to maxPublishBatch) ->
 * 202 `{ "results": [ ... ] }`, one result per event in order. Every element is validated before
 * any is published (a bad one -> 400 naming its index, nothing published), so a publisher never
 * has to work out which half of a batch went out. One request carrying many events is what makes
 * a busy publisher cheap: one parse, one response, and the subscribers' writes for the whole
 * batch leave together at the end of the turn.
 *
 * `Idempotency-Key: <key>` makes a request safe to retry: the first request with a key
 * publishes and is answered as usual; a later one with the same key and the same body publishes
 * nothing and gets the first answer again (202, `Idempotent-Replayed: true`); the same key with
 * another body gets 422 `idempotency_key_reused`. Keys live for idempotencyTtlMs.
 */
export async function handlePublish(
  req: IncomingMessage,
  res: ServerResponse,
  { publisher, isAuthorized, maxBodyBytes, maxPublishBatch, storePublisher, idempotency }: PublishRouteOptions,
): Promise<void> {
  if (isAuthorized === undefined) throw new HttpError('publish_disabled');
  if (!isAuthorized(req.headers.authorization)) {
    throw new HttpError('unauthorized', undefined, { 'WWW-Authenticate': 'Bearer' });
  }
  requireJsonContentType(req);
  const idempotencyKey = readIdempotencyKey(req);
  const body = await readJsonBody(req, maxBodyBytes);
  const batch = isRecord(body) && 'events' in body;
  const requests = batch ? parsePublishBatch(body.events, maxPublishBatch) : [parsePublishRequest(body)];
  const claim = idempotencyKey === undefined ? undefined : { key: idempotencyKey, fingerprint: fingerprintOf(batch, requests) };
  if (storePublisher !== undefined) {
    await publishToStore(res, batch, requests, claim, storePublisher);
    return;
  }
  if (claim !== undefined) {
    const seen = idempotency.recall(claim.key);
    if (seen !== undefined) {
      replay(res, claim, seen.fingerprint, seen.body);
      return;
    }
  }
  let answer: unknown;
  if (batch) {
    // Checked once for the whole batch: publish() refuses only while stopping, and stop() cannot
    // begin between two synchronous calls, so either the first refuses or none does.
    const results = requests.map(({ event, data, key }, index) =>
      index === 0 ? publishOrRefuse(publisher, event, data, key) : publisher.publish(event, data, key),
    );
    answer = { results };
  } else {
    const { event, data, key } = requests[0]!;
    answer = publishOrRefuse(publisher, event, data, key);
  }
  // Remembered in the same turn as the publish: a retry can only come after it.
  if (claim !== undefined) idempotency.remember(claim.key, claim.fingerprint, answer);
  sendJson(res, 202, answer);
}

/**
 * A retry of a request already answered: the same answer, marked as a replay, and nothing
 * published. The same key with other events is a client bug (a reused key), not a retry.
 */
function replay(res: ServerResponse, claim: IdempotencyClaim, fingerprint: string, answer: unknown): void {
  if (fingerprint !== claim.fingerprint) throw new HttpError('idempotency_key_reused');
  res.setHeader('Idempotent-Replayed', 'true');
  sendJson(res, 202, answer);
}

/**
 * The server may have begun to stop while the body was arriving: the check made before it was
 * read is stale, so the publisher's own refusal is the one that counts.
 */
function publishOrRefuse(publisher: Publisher, event: string, data: unknown, key: string | undefined): PublishResult {
  try {
    return publisher.publish(event, data, key);
  } catch (error) {
    if (error instanceof ShuttingDownError) throw new HttpError('shutting_down', undefined, { Connection: 'close' });
    throw error;
  }
}

/** Redis mode: the same bodies and answers, given only once Redis has stored every event. */
async function publishToStore(
  res: ServerResponse,
  batch: boolean,
  requests: readonly PublishRequest[],
  claim: IdempotencyClaim | undefined,
  storePublisher: StorePublisher,
): Promise<void> {
  let stored: Awaited<ReturnType<StorePublisher>>;
  try {
    stored = await storePublisher(requests, claim);
  } catch (error) {
    if (error instanceof ShuttingDownError) throw new HttpError('shutting_down', undefined, { Connection: 'close' });
    // Redis did not confirm that it stored the events (a batch is stored whole or not at all): no
    // 202. It may still have stored them: a retry with the same Idempotency-Key is answered
    // with their ids instead of storing them twice.
    if (error instanceof StoreUnavailableError) throw new HttpError('store_unavailable', undefined, { 'Retry-After': '1' });
    throw error;
  }
  const answer = batch ? { results: stored.results } : stored.results[0];
  if (claim !== undefined && stored.replayedFingerprint !== undefined) replay(res, claim, stored.replayedFingerprint, answer);
  else sendJson(res, 202, answer);
}

/** Validates a whole batch before anything is published; the first bad element is named by index. */
export function parsePublishBatch(events: unknown, maxPublishBatch: number): PublishRequest[] {
  if (!Array.isArray(events) || events.length === 0) {
    throw new HttpError('invalid_request', 'Expected {"events": [ {"event": string, "data": any JSON value}, ... ]} with at least one event.');
  }
  if (events.length > maxPublishBatch) {
    throw new HttpError('invalid_request', `A batch holds at most ${maxPublishBatch} events (MAX_PUBLISH_BATCH); got ${events.length}.`);
  }
  return events.map((element, index) => {
    try {
      return parsePublishRequest(element);
    } catch (error) {
      if (error instanceof HttpError) throw new HttpError(error.code, `events[${index}]: ${error.message}`);
      throw error;
    }
  });
}

export function parsePublishRequest(body: unknown): PublishRequest {
  if (!isRecord(body) || typeof body.event !== 'string' || !('data' in body)) {
    throw new HttpError('invalid_request', 'Expected {"event": string, "data": any JSON value}.');
  }
  // Parsed JSON has no undefined: a "key" that is present (even null) is checked.
  const { event, data, key } = body;
  const problem = publishProblem(event, key);
  if (problem !== undefined) throw new HttpError('invalid_request', problem);
  return typeof key === 'string' ? { event, data, key } : { event, data };
}
