import type { LandscapeEntry } from '../landscape-entry.js';
import { checkedOn } from '../source.js';
import { sources } from '../sources.js';

export const websocketH2: LandscapeEntry = {
  id: 'websocket-h2',
  name: 'WebSocket over HTTP/2',
  tagline: 'A WebSocket carried on one stream of an HTTP/2 connection (RFC 8441 extended CONNECT) instead of its own TCP connection.',
  status: 'RFC 8441; browsers use it, Node\'s ws does not',
  relatesTo: 'websocket',
  facts: [
    {
      text: 'RFC 8441 runs a WebSocket over one stream of an HTTP/2 connection: the server advertises SETTINGS_ENABLE_CONNECT_PROTOCOL and the client sends CONNECT with :protocol websocket.',
      sources: [sources.rfc8441],
      checked: checkedOn,
    },
    {
      text: 'Browsers treat that setting as a promise: once a server advertises it, Chrome sends WebSockets as CONNECT on the existing HTTP/2 connection, so advertising it without handling CONNECT breaks WebSockets with no error on the server.',
      sources: [sources.goExtendedConnect, sources.socketIoChromeH2],
      checked: checkedOn,
    },
    {
      text: 'ws has no RFC 8441 support (websockets/ws#1458 is open); Node\'s http2 only offers the building block, settings.enableConnectProtocol, off by default.',
      sources: [sources.wsHttp2Issue, sources.nodeExtendedConnect],
      checked: checkedOn,
    },
    {
      text: 'RFC 9220 defines the same for HTTP/3; we found no browser that ships it, only test tooling for it in web-platform-tests.',
      sources: [sources.rfc9220, sources.wptWebSocketH3],
      checked: checkedOn,
    },
  ],
  useWhen: [
    'Rarely a choice of yours: it matters when an HTTP/2 server or proxy in front of your WebSocket server advertises extended CONNECT',
    'You need many WebSockets per page and control a server stack that implements RFC 8441 end to end',
  ],
  gotchas: [
    'Do not set enableConnectProtocol on a Node http2 server unless you handle CONNECT streams yourself',
    'From Node with ws, each WebSocket is its own TCP connection: multiplex channels inside one socket (rooms, message types)',
  ],
  template: null,
  templateFlags: [],
  starterNote: 'No starter: ws cannot serve WebSockets over HTTP/2.',
  instead: [
    'Use WebSocket over HTTP/1.1 (npx choose-protocol init websocket); browsers fall back to it when the server does not advertise extended CONNECT',
    'Keep HTTP/2 for the rest of the site and route the WebSocket path over HTTP/1.1 at the proxy',
  ],
};
