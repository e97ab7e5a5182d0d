import { describe, expect, it } from 'vitest';
import { assertPackageName, detectPackageManager, installCommand, packageNameProblems, runCommand, shellQuote, suggestPackageName } from '../../../src/index.js';

describe('package names', () => {
  it.each(['chat', '@acme/chat', 'my-app.v2', 'a_b'])('accepts %s', (name) => expect(packageNameProblems(name)).toEqual([]));
  it.each(['My App', 'UPPER', '.hidden', '_under', 'a/b/c', '', 'node_modules', 'ünïcode'])('rejects %j', (name) =>
    expect(packageNameProblems(name).length).toBeGreaterThan(0),
  );

  it('fails with a usage error that suggests a valid name', () => {
    expect(() => assertPackageName('My App')).toThrow(/Pass --name my-app/);
    try {
      assertPackageName('My App');
    } catch (error) {
      expect(error).toMatchObject({ code: 'CP_INVALID_NAME', kind: 'usage' });
    }
  });

  it('suggests a valid name for anything', () => {
    for (const raw of ['My App!', '  __x  ', '???', 'node_modules', 'Über Chat']) {
      expect(packageNameProblems(suggestPackageName(raw)), raw).toEqual([]);
    }
  });
});

describe('package managers', () => {
  it('follows npm_config_user_agent and defaults to npm', () => {
    expect(detectPackageManager('pnpm/9.12.0 npm/? node/v20.19.0 linux x64')).toBe('pnpm');
    expect(detectPackageManager('yarn/4.5.0 npm/? node/v22.0.0')).toBe('yarn');
    expect(detectPackageManager('bun/1.1.0 npm/? node/v22.0.0')).toBe('bun');
    expect(detectPackageManager('npm/11.0.0 node/v20.20.0')).toBe('npm');
    expect(detectPackageManager(undefined)).toBe('npm');
    expect(detectPackageManager('deno/2')).toBe('npm');
  });

  it('knows each one\'s install and run commands', () => {
    expect(installCommand('yarn')).toEqual(['yarn']);
    expect(installCommand('pnpm')).toEqual(['pnpm', 'install']);
    expect(runCommand('npm', 'start')).toBe('npm start');
    expect(runCommand('npm', 'dev')).toBe('npm run dev');
    expect(runCommand('bun', 'start')).toBe('bun run start');
  });
});

describe('shell quoting', () => {
  it('quotes only what needs it', () => {
    expect(shellQuote('my-app')).toBe('my-app');
    expect(shellQuote('../a/b')).toBe('../a/b');
    expect(shellQuote('my app')).toBe('"my app"');
    expect(shellQuote('a"b$c`d\\e')).toBe('"a\\"b\\$c\\`d\\\\e"');
  });
});
