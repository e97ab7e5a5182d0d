import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { writeWindow, writeWindowNote } from '../../bench/harness/servers/write-window.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const saved = { ms: process.env.WRITE_BATCH_MS, above: process.env.WRITE_BATCH_ABOVE };

afterEach(() => {
  if (saved.ms === undefined) delete process.env.WRITE_BATCH_MS;
  else process.env.WRITE_BATCH_MS = saved.ms;
  if (saved.above === undefined) delete process.env.WRITE_BATCH_ABOVE;
  else process.env.WRITE_BATCH_ABOVE = saved.above;
});

// WRITE_BATCH_MS in the bench's environment sets both starters' windows alike (it set only the
// sse starter's before), read through each starter's own loadConfig().
describe('the starters\' write window in a bench run', () => {
  it.each(['websocket', 'sse'] as const)('%s: the default when WRITE_BATCH_MS is unset, the variable when set, said in the notes', async (template) => {
    delete process.env.WRITE_BATCH_MS;
    const unset = await writeWindow(root, template, 5, 50_000);
    expect(unset).toMatchObject({ options: {}, ms: 5 });
    expect(writeWindowNote(template, unset)).toMatch(/write window 5 ms \(writeBatchMs, the starter's default\): .* once the events ask for 50,000 deliveries a second or more \(writeBatchAbove, the starter's default;/);

    process.env.WRITE_BATCH_MS = '0';
    const off = await writeWindow(root, template, 5, 50_000);
    expect(off).toMatchObject({ options: { writeBatchMs: 0 }, ms: 0 });
    expect(writeWindowNote(template, off)).toMatch(/write window off \(WRITE_BATCH_MS=0 from the environment\)/);

    process.env.WRITE_BATCH_MS = '12';
    expect((await writeWindow(root, template, 5, 50_000)).options).toEqual({ writeBatchMs: 12 });
    process.env.WRITE_BATCH_ABOVE = '0';
    const always = await writeWindow(root, template, 5, 50_000);
    expect(always).toMatchObject({ options: { writeBatchMs: 12, writeBatchAbove: 0 }, above: 0 });
    expect(writeWindowNote(template, always)).toMatch(/at most once per 12 ms at any rate \(writeBatchAbove 0, WRITE_BATCH_ABOVE=0 from the environment\)/);
  });

  it.each(['websocket', 'sse'] as const)('%s: a bad value is refused with the starter\'s own message', async (template) => {
    process.env.WRITE_BATCH_MS = '2000';
    await expect(writeWindow(root, template, 5, 50_000)).rejects.toThrow(/WRITE_BATCH_MS must be an integer from 0 to 1000, got "2000"/);
  });
});
