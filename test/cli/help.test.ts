import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commands, globalFlags, namedCommands } from '../../cli/commands.js';
import { errorCodes } from '../../src/index.js';
import { runCli } from '../helpers/cli.js';

/** --name, or --[no-]name for negatable flags. */
const flagPattern = (name: string) => new RegExp(`--(\\[no-\\])?${name}\\b`);

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

describe('help and version', () => {
  it('prints the version', async () => {
    for (const flag of ['--version', '-v']) {
      const result = await runCli([flag]);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(`${pkg.version}\n`);
    }
  });

  it('prints the tool\'s help with every command and flag', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const name of namedCommands) expect(result.stdout).toContain(name);
    for (const flag of commands.questionnaire.flags) expect(result.stdout).toMatch(flagPattern(flag.name));
    expect(result.stdout).toContain('Exit codes: 0 ok, 1 failure, 2 usage error, 130 cancelled.');
  });

  it.each(namedCommands)('prints help for %s', async (name) => {
    for (const flag of ['--help', '-h']) {
      const result = await runCli([name, flag]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(commands[name].usage);
      for (const f of commands[name].flags) expect(result.stdout).toMatch(flagPattern(f.name));
    }
  });
});

describe('the README', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

  it('starts with the two set-up commands', () => {
    const head = readme.split('\n').slice(0, 15).join('\n');
    expect(head).toMatch(/npm install && npm start/);
    expect(head).toMatch(/npm test/);
  });

  it('documents every command, flag and error code the CLI has', () => {
    for (const name of namedCommands) expect(readme).toContain(`choose-protocol ${name}`);
    const flags = new Set([...Object.values(commands).flatMap((c) => c.flags), ...globalFlags].map((f) => f.name));
    for (const flag of flags) expect(readme, `--${flag}`).toMatch(flagPattern(flag));
    for (const code of Object.keys(errorCodes)) expect(readme, code).toContain(code);
  });
});
