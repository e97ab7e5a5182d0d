import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

// eslint-disable-next-line no-control-regex
const escape = /\u001b\[/;
const args = ['recommend', '--direction', 'bidirectional', '--peer', 'browser'];

describe('colour', () => {
  it('is off when stdout is not a terminal', async () => {
    expect((await runCli(args)).stdout).not.toMatch(escape);
  });

  it('is forced on by FORCE_COLOR and --color', async () => {
    expect((await runCli(args, { env: { FORCE_COLOR: '1' } })).stdout).toMatch(escape);
    expect((await runCli([...args, '--color'])).stdout).toMatch(escape);
  });

  it('is off with NO_COLOR or --no-color, even when forced', async () => {
    for (const result of [
      await runCli(args, { env: { NO_COLOR: '1' } }),
      await runCli([...args, '--no-color'], { env: { FORCE_COLOR: '1' } }),
      await runCli(['compare'], { env: { NO_COLOR: '1' } }),
      await runCli(['--help'], { env: { NO_COLOR: '1' } }),
      await runCli(['recommend', '--rate', 'x'], { env: { NO_COLOR: '1' } }),
    ]) {
      expect(result.stdout + result.stderr).not.toMatch(escape);
    }
  });

  it('never reaches JSON output', async () => {
    const result = await runCli([...args, '--json'], { env: { FORCE_COLOR: '1' } });
    expect(result.stdout).not.toMatch(escape);
    expect(() => JSON.parse(result.stdout)).not.toThrow();
  });
  it('is honoured by errors in the arguments themselves', async () => {
    const off = await runCli(['compare', '--bogus', '--no-color'], { env: { FORCE_COLOR: '1' } });
    expect(off.code).toBe(2);
    expect(off.stderr).not.toMatch(escape);
    const on = await runCli(['--color', 'recommend', '--bogus']);
    expect(on.stderr).toMatch(escape);
  });
});
