import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package as users get it: the tarball `npm pack` makes, installed by npm. Every `npm pack`
 * runs prepare and prepack (the CLI and the docs site built again, minutes), so CI packs once
 * (.ci/run) and hands the tarball to every suite:
 *  - CHOOSE_PROTOCOL_TARBALL: the .tgz;
 *  - CHOOSE_PROTOCOL_INSTALLED: the installed package's folder (…/node_modules/choose-protocol).
 *    Without it, packed-setup.ts (a project's globalSetup) installs the tarball once per run.
 * With neither, the suites that need a tarball pack the clone themselves (as a developer's
 * `npx vitest run --project e2e` does), and the demo and site suites run the clone's build.
 */

export const TARBALL_ENV = 'CHOOSE_PROTOCOL_TARBALL';
export const INSTALLED_ENV = 'CHOOSE_PROTOCOL_INSTALLED';

const repo = fileURLToPath(new URL('../..', import.meta.url));

export interface InstalledPackage {
  /** The package's folder: …/node_modules/choose-protocol. */
  root: string;
  /** Its `bin`, what `npx choose-protocol` runs. */
  binPath: string;
  /** The built docs site it ships, which `choose-protocol demo` serves. */
  siteDir: string;
  /** The node_modules folder it was installed into (the package and npm's lock file, nothing else). */
  nodeModules: string;
}

function describeInstalled(root: string): InstalledPackage {
  return { root, binPath: join(root, 'dist/cli/bin.js'), siteDir: join(root, 'site/dist'), nodeModules: dirname(root) };
}

/**
 * The installed package the environment names, or undefined when the suites should run the
 * clone's build. A tarball without an install is a setup mistake (the project lacks
 * packed-setup.ts): say so rather than test the clone while the caller believes otherwise.
 */
export function installedPackage(): InstalledPackage | undefined {
  const installed = process.env[INSTALLED_ENV];
  if (installed) {
    const pkg = describeInstalled(resolve(installed));
    if (!existsSync(pkg.binPath)) throw new Error(`${INSTALLED_ENV}=${installed} holds no dist/cli/bin.js: it should be the folder of the installed choose-protocol package.`);
    return pkg;
  }
  if (process.env[TARBALL_ENV]) {
    throw new Error(`${TARBALL_ENV} is set but ${INSTALLED_ENV} is not: add test/helpers/packed-setup.ts to this vitest project's globalSetup, which installs the tarball once.`);
  }
  return undefined;
}

/** Installs a tarball into `prefix` as a user's `npm install <tarball>` does; returns the package. */
export function installTarball(tarball: string, prefix: string): InstalledPackage {
  execFileSync('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error', resolve(tarball)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 300_000,
  });
  const pkg = describeInstalled(join(prefix, 'node_modules', 'choose-protocol'));
  if (!existsSync(pkg.binPath)) throw new Error(`npm install ${tarball} left no ${pkg.binPath}`);
  return pkg;
}

export interface Tarball {
  path: string;
  /** Removes what this call made (nothing when the tarball was given). */
  remove(): void;
}

/**
 * The tarball CI gave, or a fresh `npm pack` of the clone (which runs prepare and prepack, as a
 * release does) in a temp folder.
 */
export function packedTarball(): Tarball {
  const given = process.env[TARBALL_ENV];
  if (given) {
    if (!existsSync(given)) throw new Error(`${TARBALL_ENV}=${given} does not exist.`);
    return { path: resolve(given), remove: () => undefined };
  }
  const dir = mkdtempSync(join(tmpdir(), 'choose-protocol-pack-'));
  try {
    // The scripts' output goes to stderr (inherited, so a failing build shows why); the tarball is the only file.
    execFileSync('npm', ['pack', '--pack-destination', dir], { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'], timeout: 600_000 });
    const [file] = readdirSync(dir).filter((name) => name.endsWith('.tgz'));
    if (!file) throw new Error(`npm pack left no .tgz in ${dir}`);
    return { path: join(dir, file), remove: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

export interface PackedInstall extends InstalledPackage {
  tarball: string;
  remove(): void;
}

/**
 * The installed package for suites that always test the package (the e2e ones): the one the
 * environment names, else the tarball (given or packed now) installed into a temp folder.
 */
export function packedInstall(): PackedInstall {
  const named = installedPackage();
  if (named && !process.env[TARBALL_ENV]) throw new Error(`${INSTALLED_ENV} is set without ${TARBALL_ENV}: set both (the tarball and where it is installed).`);
  const tarball = packedTarball();
  if (named) return { ...named, tarball: tarball.path, remove: tarball.remove };
  const prefix = mkdtempSync(join(tmpdir(), 'choose-protocol-installed-'));
  const remove = (): void => {
    rmSync(prefix, { recursive: true, force: true });
    tarball.remove();
  };
  try {
    return { ...installTarball(tarball.path, prefix), tarball: tarball.path, remove };
  } catch (error) {
    remove();
    throw error;
  }
}
