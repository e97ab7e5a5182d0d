/**
 * The 2026 landscape entries `explain` takes beside the article's four protocols. Kept apart
 * from their data so help text and argument checks can list them without loading the entries.
 */
export const landscapeIds = ['webtransport', 'grpc-web', 'sse-h2', 'mcp', 'websocket-h2'] as const;
export type LandscapeId = (typeof landscapeIds)[number];

export function isLandscapeId(value: string): value is LandscapeId {
  return (landscapeIds as readonly string[]).includes(value);
}
