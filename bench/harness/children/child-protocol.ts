/**
 * Requests and answers between the harness and its child processes over Node's IPC channel:
 * `{ id, type, ...payload }` in, `{ id, ok, result | error }` out.
 */
export interface Request {
  id: number;
  type: string;
  [key: string]: unknown;
}

export type Answer = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

/** Sent by a child unasked (the orchestrator's progress lines). */
export interface Notice {
  notice: string;
}

export function sendNotice(text: string): void {
  const notice: Notice = { notice: text };
  process.send?.(notice);
}

type Handler = (request: Request) => unknown;

/** Runs in a child: answers the parent's requests; exits when the parent goes away (no orphans). */
export function serveRequests(handlers: Record<string, Handler>): void {
  const send = (answer: Answer): void => void process.send?.(answer);
  process.on('message', (request: Request) => {
    const handler = handlers[request.type];
    if (handler === undefined) {
      send({ id: request.id, ok: false, error: `unknown request ${request.type}` });
      return;
    }
    Promise.resolve()
      .then(() => handler(request))
      .then(
        (result) => send({ id: request.id, ok: true, result: result ?? null }),
        (error: unknown) => send({ id: request.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
      );
  });
  process.on('disconnect', () => process.exit(0));
}
