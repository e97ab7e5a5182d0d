import { grpcWeb } from './landscape/grpc-web.js';
import { mcp } from './landscape/mcp.js';
import { sseH2 } from './landscape/sse-h2.js';
import { webtransport } from './landscape/webtransport.js';
import { websocketH2 } from './landscape/websocket-h2.js';
import type { LandscapeEntry } from './landscape-entry.js';
import type { LandscapeId } from './landscape-ids.js';

export { isLandscapeId, landscapeIds, type LandscapeId } from './landscape-ids.js';
export type { LandscapeEntry } from './landscape-entry.js';

/** The 2026 landscape beyond the article, one entry per file in landscape/. */
export const landscape: Record<LandscapeId, LandscapeEntry> = {
  webtransport,
  'grpc-web': grpcWeb,
  'sse-h2': sseH2,
  mcp,
  'websocket-h2': websocketH2,
};
