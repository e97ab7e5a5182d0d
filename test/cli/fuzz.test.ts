import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commands, globalFlags } from '../../cli/commands.js';
import type { Context } from '../../cli/context.js';
import { wantsJson } from '../../cli/json-errors.js';
import { run } from '../../cli/run.js';
import { useTempDirs } from '../helpers/temp-dir.js';

/**
 * Generated command lines, in-process: real flag names mixed with wrong values, unknown flags,
 * stray words and hostile strings. Whatever comes in, the CLI answers with its documented exit
 * code and one error, never a bug report, and with --json exactly one JSON object on stdout.
 */

const tempDir = useTempDirs();

const specs = [...Object.values(commands).flatMap((command) => command.flags), ...globalFlags];
const flagNames = [...new Set(specs.map((flag) => flag.name))].filter(
  // init would really install or commit; everything else it does is safe in a temp folder.
  (name) => name !== 'install' && name !== 'git',
);
const choiceValues = [...new Set(specs.flatMap((flag) => flag.choices ?? []))];

const hostile = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('', '-', '--', '-1', '0', '1e309', 'NaN', '0x10', '5000', '  7 ', '../..', '/etc/passwd', 'a\nb', '\u001b[31m', '💥', 'true', 'false'),
);

const token = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...flagNames).map((name) => `--${name}`) },
  { weight: 2, arbitrary: fc.constantFrom(...choiceValues) },
  { weight: 1, arbitrary: fc.constantFrom(...flagNames).chain((name) => hostile.map((value) => `--${name}=${value}`)) },
  { weight: 1, arbitrary: fc.constantFrom(...flagNames).map((name) => `--no-${name}`) },
  { weight: 1, arbitrary: fc.constantFrom('-h', '-v', '-x', '-hv', '--bogus', '--json', '--json=no') },
  { weight: 2, arbitrary: hostile },
);

const command = fc.constantFrom<string[]>([], ['recommend'], ['explain'], ['compare'], ['init', 'websocket', 'app', '--dry-run'], ['init'], ['recomend'], ['--']);

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** --help and --version win over everything else and print text, as in every CLI. */
function asksForHelpOrVersion(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((arg) => /^(-[hv]+|--help|--version)(=|$)/.test(arg));
}

async function runInProcess(argv: string[], cwd: string): Promise<Outcome> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { stdout: '', stderr: '' };
  stdout.on('data', (chunk: Buffer) => (chunks.stdout += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (chunks.stderr += chunk.toString()));
  const stdin = new PassThrough();
  stdin.end();
  const ctx: Context = { argv, cwd, env: {}, stdin, stdout, stderr, interactive: false };
  const code = await run(ctx);
  return { code, ...chunks };
}

describe('generated command lines', () => {
  it('always end with a documented exit code and one clear error, JSON when asked', async () => {
    const cwd = await tempDir();
    const exits = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(command, fc.array(token, { maxLength: 6 }), async (head, rest) => {
        const argv = [...head, ...rest].filter((arg) => arg !== '--install' && arg !== '--git');
        const { code, stdout, stderr } = await runInProcess(argv, cwd);
        exits.set(code, (exits.get(code) ?? 0) + 1);
        expect([0, 1, 2], `${JSON.stringify(argv)} -> ${code}\n${stderr}`).toContain(code);
        expect(stderr).not.toContain('Unexpected error');
        if (wantsJson(argv) && !(code === 0 && asksForHelpOrVersion(argv))) {
          const report = JSON.parse(stdout) as { error?: { code: string; exitCode: number } };
          if (code !== 0) expect(report.error).toMatchObject({ code: expect.stringMatching(/^CP_[A-Z_]+$/) as unknown, exitCode: code });
        } else if (code !== 0) {
          expect(stderr, JSON.stringify(argv)).toMatch(/\[CP_[A-Z_]+\]/);
        }
      }),
      { numRuns: 400 },
    );
    const tally = [...exits].sort(([a], [b]) => a - b).map(([code, n]) => `exit ${code}: ${n}`).join(', ');
    console.log(`Fuzzed command lines (${tally}); none crashed or broke the error contract.`);
    // Both sides of the contract were exercised, not only refusals.
    expect(exits.get(0)).toBeGreaterThan(0);
    expect(exits.get(2)).toBeGreaterThan(0);
  }, 120_000);
});
