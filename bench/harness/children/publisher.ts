import { publisherFor } from '../clients/connectors.js';
import type { Protocol } from '../subjects.js';
import { serveRequests } from './child-protocol.js';
import { publisherHandlers } from './publisher-handlers.js';

export type { PublisherReport } from './publisher-handlers.js';

/** The open-loop publisher, in a process of its own so that a busy client never delays a send. */
serveRequests({
  ...publisherHandlers((request) =>
    publisherFor(request.protocol as Protocol, { h2: request.h2 === true, batch: request.batch === true })(request.port as number, request.root as string),
  ),
  close() {
    setTimeout(() => process.exit(0), 50);
    return null;
  },
});
