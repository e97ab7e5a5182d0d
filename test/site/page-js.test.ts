import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { distDir, sitePages } from './site-paths.js';

/**
 * The JavaScript each built page ships (`npm run report:site-js`, the table in site/README.md):
 * pages without a demo ship none of their own, only Starlight's (theme switch, search, table of
 * contents, code copy buttons); a page with a demo ships LiveDemo's small loader, and the demo's
 * client only once the demo server answers.
 */

interface PageJs {
  page: string;
  total: number;
  own: number;
  onDemand: number;
}

const script = fileURLToPath(new URL('../../site/scripts/page-js.mjs', import.meta.url));
const withDemo = new Set(['/protocols/websocket/', '/protocols/sse/', '/protocols/grpc/', '/protocols/http/', '/patterns/llm-stream/', '/patterns/room-routing/', '/patterns/grpc-backpressure/', '/landscape/grpc-web/', '/race/']);

describe('JavaScript per page (npm run report:site-js)', () => {
  const rows = JSON.parse(execFileSync(process.execPath, [script, '--json', '--dist', distDir], { encoding: 'utf8' })) as PageJs[];

  it('reports every page of the build', () => {
    expect(rows.map((row) => row.page).sort()).toEqual([...sitePages()].sort());
  });

  it('pages without a demo ship none of their own, and under 20 KB (uncompressed) in all', () => {
    for (const row of rows.filter((r) => !withDemo.has(r.page) && r.page !== '/choose/')) {
      expect(row.own, row.page).toBe(0);
      expect(row.total, row.page).toBeLessThan(20 * 1024);
    }
  });

  it('a page with a demo ships only the small loader of its own until the demo server answers', () => {
    for (const row of rows.filter((r) => withDemo.has(r.page))) {
      expect(row.own, row.page).toBeGreaterThan(0);
      expect(row.own, row.page).toBeLessThan(4 * 1024);
      expect(row.onDemand, row.page).toBeGreaterThan(0);
    }
  });
});
