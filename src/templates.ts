import type { ProtocolId } from './catalogue/protocols.js';

/**
 * The starters `choose-protocol init` can scaffold, as data. Each lives as a plain project in
 * templates/<folder>/ of this package.
 */

export const templateIds = ['websocket', 'sse', 'grpc', 'http'] as const;
export type TemplateId = (typeof templateIds)[number];

export interface TemplateVariant {
  /** The init flag that selects it, e.g. --web. */
  flag: string;
  /** An overlay folder under templates/ copied over the base; its package.json is merged in. */
  overlay: string;
  description: string;
}

export interface Template {
  id: TemplateId;
  protocol: ProtocolId;
  title: string;
  description: string;
  /** Folder under templates/. */
  folder: string;
  /** Extra folders of this package copied into the project (the .proto contracts). */
  include: readonly string[];
  variants: readonly TemplateVariant[];
}

export const templates: Record<TemplateId, Template> = {
  websocket: {
    id: 'websocket',
    protocol: 'websocket',
    title: 'WebSocket chat with rooms',
    description: 'ws on node:http: rooms, typing, heartbeats, origin/token checks, backpressure, reconnecting browser client',
    folder: 'websocket',
    include: [],
    variants: [],
  },
  sse: {
    id: 'sse',
    protocol: 'sse',
    title: 'SSE live feed + LLM-style chat stream',
    description: 'node:http event stream with Last-Event-ID resume, replay buffer, publish endpoint, POST /chat/stream',
    folder: 'sse',
    include: [],
    variants: [],
  },
  grpc: {
    id: 'grpc',
    protocol: 'grpc',
    title: 'gRPC StockService (all four modes)',
    description: 'grpc-js StockService: unary, server, client and bidi streaming, health, reflection, deadlines',
    folder: 'grpc',
    include: ['proto'],
    variants: [
      {
        flag: '--web',
        overlay: 'grpc-web',
        description: 'add a gRPC-Web/Connect gateway and a browser page (unary and server streaming)',
      },
    ],
  },
  http: {
    id: 'http',
    protocol: 'http',
    title: 'HTTP ingest (JSON/NDJSON)',
    description: 'streamed NDJSON ingest with validation, Idempotency-Key, durable append-only store',
    folder: 'http',
    include: [],
    variants: [],
  },
};

export function isTemplateId(value: string): value is TemplateId {
  return (templateIds as readonly string[]).includes(value);
}

/** The command that scaffolds a starter, as the CLI prints it: "npx choose-protocol init grpc --web". */
export function scaffoldCommand(template: TemplateId, flags: readonly string[] = []): string {
  return ['npx choose-protocol init', template, ...flags].join(' ');
}
