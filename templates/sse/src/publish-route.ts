import type { IncomingMessage, ServerResponse } from 'node:http';
import { hasBearerToken } from './bearer-token.js';
import type { PublishResult, Publisher } from './coalescer.js';
import { HttpError, ShuttingDownError, StoreUnavailableError } from './errors.js';
import { isRecord } from './is-record.js';
import { publishProblem } from './publish-rules.js';
import { readJsonBody, requireJsonContentType } from './read-json-body.js';
import { sendJson } from './reply.js';

export interface PublishRouteOptions {
  /** The coalescer, or in Redis mode a publisher that answers once Redis has the event. */
  publisher: Publisher | { publish(event: string, data: unknown, key?: string): Promise<{ id: string }> };
  /** Undefined disables publishing (403). */
  publishToken: string | undefined;
  maxBodyBytes: number;
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
 */
export async function handlePublish(
  req: IncomingMessage,
  res: ServerResponse,
  { publisher, publishToken, maxBodyBytes }: PublishRouteOptions,
): Promise<void> {
  if (publishToken === undefined) throw new HttpError('publish_disabled');
  if (!hasBearerToken(req.headers.authorization, publishToken)) {
    throw new HttpError('unauthorized', undefined, { 'WWW-Authenticate': 'Bearer' });
  }
  requireJsonContentType(req);
  const { event, data, key } = parsePublishRequest(await readJsonBody(req, maxBodyBytes));
  // The server may have begun to stop while the body was arriving: the check made before it
  // was read is stale, so the publisher's own refusal is the one that counts.
  let result: PublishResult | { id: string };
  try {
    result = await publisher.publish(event, data, key);
  } catch (error) {
    if (error instanceof ShuttingDownError) throw new HttpError('shutting_down', undefined, { Connection: 'close' });
    // Redis mode: Redis did not confirm that it stored the event, so no 202.
    if (error instanceof StoreUnavailableError) throw new HttpError('store_unavailable', undefined, { 'Retry-After': '1' });
    throw error;
  }
  sendJson(res, 202, result);
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
