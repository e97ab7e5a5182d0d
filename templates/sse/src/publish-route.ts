import type { IncomingMessage, ServerResponse } from 'node:http';
import { hasBearerToken } from './bearer-token.js';
import { HttpError } from './errors.js';
import type { EventHub } from './event-hub.js';
import { RESET_EVENT } from './events-route.js';
import { isRecord } from './is-record.js';
import { readJsonBody, requireJsonContentType } from './read-json-body.js';
import { sendJson } from './reply.js';
import { isSafeEventName } from './sse-format.js';

export interface PublishRouteOptions {
  hub: EventHub;
  /** Undefined disables publishing (403). */
  publishToken: string | undefined;
  maxBodyBytes: number;
}

export interface PublishRequest {
  event: string;
  data: unknown;
}

/**
 * POST /publish `{ "event", "data" }` with `Authorization: Bearer <PUBLISH_TOKEN>` -> 202 `{ "id" }`.
 * Authorization is checked before the body is read, so strangers cannot make us read a megabyte.
 */
export async function handlePublish(
  req: IncomingMessage,
  res: ServerResponse,
  { hub, publishToken, maxBodyBytes }: PublishRouteOptions,
): Promise<void> {
  if (publishToken === undefined) throw new HttpError('publish_disabled');
  if (!hasBearerToken(req.headers.authorization, publishToken)) {
    throw new HttpError('unauthorized', undefined, { 'WWW-Authenticate': 'Bearer' });
  }
  requireJsonContentType(req);
  const { event, data } = parsePublishRequest(await readJsonBody(req, maxBodyBytes));
  const { id } = hub.publish(event, data);
  sendJson(res, 202, { id });
}

export function parsePublishRequest(body: unknown): PublishRequest {
  if (!isRecord(body) || typeof body.event !== 'string' || !('data' in body)) {
    throw new HttpError('invalid_request', 'Expected {"event": string, "data": any JSON value}.');
  }
  if (!isSafeEventName(body.event)) {
    throw new HttpError(
      'invalid_request',
      '"event" must start with a letter and use only letters, digits, "_", ".", ":" or "-" (at most 64).',
    );
  }
  if (body.event === RESET_EVENT) {
    throw new HttpError('invalid_request', `"${RESET_EVENT}" is reserved for the server.`);
  }
  return { event: body.event, data: body.data };
}
