import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * A miniature package root with its own templates/, so scaffolder tests do not depend on the
 * real starters' contents.
 */
export async function makeFixtureRoot(root: string): Promise<string> {
  const files: Record<string, string> = {
    'package.json': '{"name":"choose-protocol"}\n',
    'proto/stock.proto': 'syntax = "proto3";\n',
    'templates/websocket/package.json': '{\n  "name": "websocket-starter",\n  "private": true,\n  "scripts": { "start": "node dist/main.js" }\n}\n',
    'templates/websocket/README.md': '# websocket-starter\n\nA starter.\n',
    'templates/websocket/_gitignore': 'node_modules/\ndist/\n',
    'templates/websocket/src/server.ts': 'export const x = 1;\n',
    'templates/websocket/node_modules/ws/index.js': 'junk\n',
    'templates/websocket/dist/main.js': 'junk\n',
    'templates/websocket/package-lock.json': '{}\n',
    'templates/sse/package.json': '{"name":"sse-starter"}\n',
    'templates/sse/README.md': '# sse-starter\n',
    'templates/http/package.json': '{"name":"http-starter"}\n',
    'templates/grpc/package.json': '{\n  "name": "grpc-starter",\n  "scripts": { "test": "vitest run" },\n  "dependencies": { "@grpc/grpc-js": "^1.14.0" }\n}\n',
    'templates/grpc/README.md': '# grpc-starter\n\nBase.\n',
    'templates/grpc/src/server.ts': 'export {};\n',
    'templates/grpc-web/package.json': '{ "scripts": { "web": "node dist/web.js" }, "dependencies": { "@connectrpc/connect": "^2.1.0" } }\n',
    'templates/grpc-web/src/web/gateway.ts': 'export {};\n',
    'templates/grpc-web/README.web.md': '## Browser gateway\n',
  };
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  await symlink('../../proto', join(root, 'templates/grpc/proto'));
  return root;
}
