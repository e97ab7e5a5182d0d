import type { ServerResponse } from 'node:http';

/**
 * Ends a response write that would otherwise wait forever once its connection is gone.
 *
 * connect-node writes a stream message and, when the socket is full, waits for 'drain' or
 * 'error' on the response. If the client goes away while a write is only partly taken by the
 * kernel, Node 20 and 22 call that write's callback without an error, and a destroyed socket
 * emits neither event (Node 24+ fail the callback with ERR_STREAM_DESTROYED instead). The call
 * would then never resume: its stream slot, its per-client share, its generator and the
 * listeners on the response stay taken for the life of the process. On 'close' of a response
 * that did not finish and still has that wait pending, this emits the error Node 24 gives, which
 * connect-node turns into ABORTED: the handler's `finally` runs and nothing is logged.
 */
export function failPendingWriteOnClose(res: ServerResponse): void {
  res.once('close', () => {
    // A pending write is the only one listening for 'drain'; its 'error' listener takes the error.
    if (res.writableFinished || res.listenerCount('drain') === 0 || res.listenerCount('error') === 0) return;
    const error = Object.assign(new Error('the client closed the connection during a write'), { code: 'ERR_STREAM_DESTROYED' });
    res.emit('error', error);
  });
}
