import type { IncomingMessage, ServerResponse } from 'node:http';
import { hasBearerToken } from './bearer-token.js';
import type { PublishResult, Publisher } from './coalescer.js';
import { HttpError, ShuttingDownError, StoreUnavailableError } from './errors.js';
import { isRecord } from './is-record.js';
import { publishProblem } from './publish-rules.js';
import { readJsonBody, requireJsonContentType } from './read-json-body.js';
import { sendJson } from './reply.js';

export interface PublishRouteOptions {
  publisher: Publisher;
  /** Undefined disables publishing (403). */
  publishToken: string | undefined;
  maxBodyBytes: number;
  /** Most events in one batch body `{ "events": [...] }`. */
  maxPublishBatch: number;
  /**
   * Redis mode: stores the events (one, or a whole batch atomically) and resolves with their
   * ids once Redis has them; `publisher` is then not used. See src/redis-store.ts.
   */
  storePublisher?: ((requests: readonly PublishRequest[]) => Promise<{ id: string }[]>) | undefined;
}

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
 */
export async function handlePublish(
  req: IncomingMessage,
  res: ServerResponse,
  { publisher, publishToken, maxBodyBytes, maxPublishBatch, storePublisher }: PublishRouteOptions,
): Promise<void> {
  if (publishToken === undefined) throw new HttpError('publish_disabled');
  if (!hasBearerToken(req.headers.authorization, publishToken)) {
    throw new HttpError('unauthorized', undefined, { 'WWW-Authenticate': 'Bearer' });
  }
  requireJsonContentType(req);
  const body = await readJsonBody(req, maxBodyBytes);
  if (storePublisher !== undefined) {
    await publishToStore(res, body, storePublisher, maxPublishBatch);
    return;
  }
  if (isRecord(body) && 'events' in body) {
    const requests = parsePublishBatch(body.events, maxPublishBatch);
    // Checked once for the whole batch: publish() refuses only while stopping, and stop() cannot
    // begin between two synchronous calls, so either the first refuses or none does.
    const results = requests.map(({ event, data, key }, index) =>
      index === 0 ? publishOrRefuse(publisher, event, data, key) : publisher.publish(event, data, key),
    );
    sendJson(res, 202, { results });
    return;
  }
  const { event, data, key } = parsePublishRequest(body);
  sendJson(res, 202, publishOrRefuse(publisher, event, data, key));
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
  body: unknown,
  storePublisher: (requests: readonly PublishRequest[]) => Promise<{ id: string }[]>,
  maxPublishBatch: number,
): Promise<void> {
  const batch = isRecord(body) && 'events' in body;
  const requests = batch ? parsePublishBatch(body.events, maxPublishBatch) : [parsePublishRequest(body)];
  let results: { id: string }[];
  try {
    results = await storePublisher(requests);
  } catch (error) {
    if (error instanceof ShuttingDownError) throw new HttpError('shutting_down', undefined, { Connection: 'close' });
    // Redis did not confirm that it stored the events (a batch is stored whole or not at all): no 202.
    if (error instanceof StoreUnavailableError) throw new HttpError('store_unavailable', undefined, { 'Retry-After': '1' });
    throw error;
  }
  sendJson(res, 202, batch ? { results } : results[0]);
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
