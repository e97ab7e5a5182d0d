import type { LandscapeEntry } from '../landscape-entry.js';
import { checkedOn } from '../source.js';
import { sources } from '../sources.js';

export const webtransport: LandscapeEntry = {
  id: 'webtransport',
  name: 'WebTransport',
  tagline: 'Many independent streams and unreliable datagrams between a browser and a server, over HTTP/3 (QUIC).',
  status: 'Baseline 2026-03-24, no Node server',
  relatesTo: 'websocket',
  facts: [
    {
      text: 'Baseline (newly available) since 2026-03-24: Chrome and Edge 97, Firefox 114, Safari 26.4 (macOS and iOS).',
      sources: [sources.webFeaturesWebTransport],
      checked: checkedOn,
    },
    {
      text: 'One session to an HTTP/3 server carries reliable streams (bidirectional and unidirectional) and unreliable datagrams, in either direction, over one QUIC connection.',
      sources: [sources.mdnWebTransport],
      checked: checkedOn,
    },
    {
      text: 'Node has no production server: node:quic is "Stability 1.0 - Early development" behind --experimental-quic, and since nodejs/node#61444 it is also a compile-time option that release builds leave off. HTTP/3 (nodejs/node#38478) is still open.',
      sources: [sources.nodeQuicDocs, sources.nodeQuicBuildFlag, sources.nodeHttp3Issue],
      checked: checkedOn,
    },
    {
      text: '@fails-components/webtransport is a native add-on: installing its HTTP/3 transport runs prebuild-install (a binary download) or a cmake-js source build, which offline or locked-down installs cannot do.',
      sources: [sources.failsWebTransportPackage],
      checked: checkedOn,
    },
    {
      text: 'Servers that work today are not Node: Go quic-go/webtransport-go (used by Caddy and Centrifugo, whose WebTransport transport is still marked experimental) and Rust wtransport (which calls itself not completely production-ready).',
      sources: [sources.webtransportGo, sources.centrifugoWebTransport, sources.wtransport],
      checked: checkedOn,
    },
  ],
  useWhen: [
    'Datagrams matter: game state, live media or sensor data where a late packet is worth less than a lost one',
    'Many independent streams must not block each other: over QUIC a lost packet holds up only its own stream, over TCP everything behind it',
    'You can run a Go or Rust service for it and keep a WebSocket fallback for networks that block UDP',
  ],
  gotchas: [
    'UDP is blocked on some corporate and public networks: keep a WebSocket fallback',
    'Needs TLS and HTTP/3 end to end; many load balancers and proxies do not pass it',
    'The server libraries track IETF drafts that still change',
  ],
  template: null,
  templateFlags: [],
  starterNote: 'No starter: Node has no production-ready WebTransport server, and we scaffold Node projects only.',
  instead: [
    'Default to WebSocket (npx choose-protocol init websocket) or SSE (npx choose-protocol init sse) from Node',
    'Where datagrams or independent streams really matter, run a Go (quic-go/webtransport-go) or Rust (wtransport) service, or Centrifugo or Caddy in front, with a WebSocket fallback',
  ],
};
