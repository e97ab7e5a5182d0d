import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INSTALLED_ENV, TARBALL_ENV, installTarball } from './packed.js';

/**
 * globalSetup of the projects that run the packed package: given CHOOSE_PROTOCOL_TARBALL but no
 * CHOOSE_PROTOCOL_INSTALLED, installs the tarball once for the whole run (not once per test file)
 * and names it in the environment, which the test workers inherit. Without a tarball it does
 * nothing: the suites run the clone's build.
 */
export default function setup(): (() => void) | undefined {
  const tarball = process.env[TARBALL_ENV];
  if (!tarball || process.env[INSTALLED_ENV]) return undefined;
  const prefix = mkdtempSync(join(tmpdir(), 'choose-protocol-installed-'));
  try {
    process.env[INSTALLED_ENV] = installTarball(tarball, prefix).root;
  } catch (error) {
    rmSync(prefix, { recursive: true, force: true });
    throw error;
  }
  return () => {
    delete process.env[INSTALLED_ENV];
    rmSync(prefix, { recursive: true, force: true });
  };
}
