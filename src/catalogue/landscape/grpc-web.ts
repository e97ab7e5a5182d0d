import type { LandscapeEntry } from '../landscape-entry.js';
import { checkedOn } from '../source.js';
import { sources } from '../sources.js';

export const grpcWeb: LandscapeEntry = {
  id: 'grpc-web',
  name: 'gRPC-Web / Connect',
  tagline: 'gRPC services called from a browser through fetch: the gRPC-Web or Connect protocol instead of raw HTTP/2 gRPC.',
  status: 'Browsers: unary and server streaming only',
  relatesTo: 'grpc',
  facts: [
    {
      text: 'Browsers get unary and server-streaming calls only; client and bidirectional streaming are not supported by gRPC-Web, nor by Connect\'s fetch transport.',
      sources: [sources.grpcWebReadme, sources.connectEsBidiIssue],
      checked: checkedOn,
    },
    {
      text: 'Client streaming from a browser would need fetch upload streams (a ReadableStream request body), which only Chromium 105+ accepts; web-features lists no Firefox or Safari support, and Baseline is blocked by Firefox.',
      sources: [sources.webFeaturesFetchUploadStreams, sources.webFeaturesFetchUploadStreamsData, sources.grpcWebStreamingRoadmap],
      checked: checkedOn,
    },
    {
      text: 'Connect servers answer gRPC, gRPC-Web and Connect requests themselves, so no translating proxy (Envoy) is needed in front of them.',
      sources: [sources.connectHome],
      checked: checkedOn,
    },
  ],
  useWhen: [
    'Browsers call a gRPC service for unary calls or server streams (live prices, progress)',
    'You want one Protobuf contract for services and the web front end',
  ],
  gotchas: [
    'No client or bidirectional streaming from browsers: use WebSocket for a browser chat',
    'Long server streams meet proxy and load-balancer idle timeouts: set deadlines and re-issue the call',
  ],
  template: 'grpc',
  templateFlags: ['--web'],
  starterNote: 'init grpc --web adds an in-process connect-node gateway that speaks Connect and gRPC-Web: GetPrice (unary) and StreamPrices (server streaming) work from the browser page; UploadTrades answers UNIMPLEMENTED and TradeChat cannot work over browser fetch.',
  instead: [],
};
