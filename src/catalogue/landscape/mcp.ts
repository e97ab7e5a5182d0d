import type { LandscapeEntry } from '../landscape-entry.js';
import { checkedOn } from '../source.js';
import { sources } from '../sources.js';

export const mcp: LandscapeEntry = {
  id: 'mcp',
  name: 'MCP Streamable HTTP',
  tagline: 'The Model Context Protocol\'s HTTP transport: each JSON-RPC request is a POST, answered with JSON or an SSE stream.',
  status: 'Stateless since the 2026-07-28 revision',
  relatesTo: 'sse',
  facts: [
    {
      text: 'The 2025-03-26 revision introduced Streamable HTTP, replacing the 2024-11-05 HTTP+SSE transport: one endpoint, every client message a POST, answered with application/json or a text/event-stream.',
      sources: [sources.mcpStreamableHttp20250326, sources.mcpStreamableHttp20260728],
      checked: checkedOn,
    },
    {
      text: 'The 2025-11-25 revision kept sessions (the Mcp-Session-Id header), an optional GET stream for server messages, and stream resumption with Last-Event-ID.',
      sources: [sources.mcpStreamableHttp20251125],
      checked: checkedOn,
    },
    {
      text: 'The 2026-07-28 revision made it stateless: no sessions, no initialize handshake, no GET stream, no SSE resumption (a broken stream loses the request, which the client re-issues with a new id); each POST carries Mcp-Method (and Mcp-Name for tools/call, resources/read, prompts/get) headers.',
      sources: [sources.mcpChangelog20260728, sources.mcpStreamableHttp20260728],
      checked: checkedOn,
    },
    {
      text: 'The 2026-07-28 spec asks servers to send X-Accel-Buffering: no on SSE responses, because buffering proxies otherwise hold events back.',
      sources: [sources.mcpStreamableHttp20260728],
      checked: checkedOn,
    },
    {
      text: 'The TypeScript SDK v2 ships as split packages, @modelcontextprotocol/server and @modelcontextprotocol/client (server 2.4.0 requires Node >= 20).',
      sources: [sources.mcpTypescriptSdk, sources.mcpServerNpm],
      checked: checkedOn,
    },
  ],
  useWhen: [
    'You expose tools, resources or prompts to LLM clients over the network',
    'You want the article\'s POST + SSE pattern with a published contract that many clients already speak',
  ],
  gotchas: [
    'Clients and servers from before 2026-07-28 expect sessions and initialize: check which revision both sides speak',
    'Closing the response stream cancels the request on 2026-07-28 servers: a flaky network re-runs work',
    'Validate the Origin header and bind local servers to 127.0.0.1 (DNS rebinding)',
  ],
  template: null,
  templateFlags: [],
  starterNote: 'No MCP starter: our sse starter\'s POST /chat/stream shows the same POST + SSE wire pattern, but it is not an MCP server (no JSON-RPC, no Mcp-Method headers). Build MCP servers on the official SDK.',
  instead: [
    'npm install @modelcontextprotocol/server and follow the SDK v2 server tutorial',
    'Read npx choose-protocol explain sse for the POST + SSE pattern underneath',
  ],
};
