import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LIMIT_ENV } from '../../live-demos/src/config.js';
import { DEFAULT_LIMITS, type DemoLimits } from '../../live-demos/src/limits.js';

/** `| \`DEMO_X\` | … default … |` rows of a Markdown file: env name to the first cell that is a number. */
function documentedDefaults(file: string): Map<string, number> {
  const rows = new Map<string, number>();
  for (const line of readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8').split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    const env = /^`(DEMO_[A-Z_]+)`$/.exec(cells[1] ?? '')?.[1];
    const value = cells.slice(2).find((cell) => /^\d+$/.test(cell));
    if (env !== undefined && value !== undefined) rows.set(env, Number(value));
  }
  return rows;
}

describe('the DEMO_* limits as documented', () => {
  const fromCode = new Map((Object.keys(LIMIT_ENV) as (keyof DemoLimits)[]).map((key) => [LIMIT_ENV[key], DEFAULT_LIMITS[key]]));

  for (const file of ['README.md', 'live-demos/README.md']) {
    it(`${file} lists every DEMO_* limit with the default the code uses`, () => {
      expect(Object.fromEntries(documentedDefaults(file))).toEqual(Object.fromEntries(fromCode));
    });
  }
});
