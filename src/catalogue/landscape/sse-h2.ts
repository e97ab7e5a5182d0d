import type { LandscapeEntry } from '../landscape-entry.js';
import { checkedOn } from '../source.js';
import { sources } from '../sources.js';

export const sseH2: LandscapeEntry = {
  id: 'sse-h2',
  name: 'SSE over HTTP/2',
  tagline: 'The same text/event-stream, but every stream of an origin shares one multiplexed connection.',
  status: 'Works in every browser; needs TLS and an HTTP/2 server or proxy',
  relatesTo: 'sse',
  facts: [
    {
      text: 'Over HTTP/1.1 a browser opens at most six connections per origin, shared by every tab, and each open EventSource holds one; Chrome and Firefox marked this "Won\'t fix".',
      sources: [sources.mdnEventSource],
      checked: checkedOn,
    },
    {
      text: 'Over HTTP/2 all requests to an origin share one connection as streams; RFC 9113 recommends allowing at least 100 concurrent streams (Node\'s http2 allows 2^32-1 by default), so the six-connection wall goes away.',
      sources: [sources.mdnEventSource, sources.rfc9113Settings],
      checked: checkedOn,
    },
    {
      text: 'Node\'s http2.createSecureServer({ allowHTTP1: true }) with the compatibility API (res.writeHead, res.write) streams events over h2 and still answers HTTP/1.1 clients; browsers only speak HTTP/2 over TLS.',
      sources: [sources.nodeHttp2Compat],
      checked: checkedOn,
    },
    {
      text: 'Never send Connection or Keep-Alive on an HTTP/2 response: RFC 9113 makes such a message malformed, Safari refuses to load it, and Node\'s compatibility API drops the header with an UnsupportedWarning (checked on Node 20.20 by test/src/catalogue/sse-h2.test.ts).',
      sources: [sources.rfc9113ConnectionHeaders, sources.safariKeepAliveH2],
      checked: checkedOn,
    },
  ],
  useWhen: [
    'You serve SSE to browsers and users may keep several tabs open',
    'The page also makes ordinary requests to the same origin while streams are open',
  ],
  gotchas: [
    'Browsers use HTTP/2 only over TLS: plain http:// stays on HTTP/1.1 and keeps the limit',
    'A proxy that speaks HTTP/2 to browsers may speak HTTP/1.1 to your server: that is fine, the limit is per browser',
    'Drop the article\'s Connection: keep-alive header',
  ],
  template: 'sse',
  templateFlags: [],
  starterNote: 'The sse starter serves HTTP/1.1 and already leaves out Connection and Keep-Alive; put a TLS proxy that speaks HTTP/2 to browsers in front of it (its README\'s production checklist).',
  instead: [],
};
