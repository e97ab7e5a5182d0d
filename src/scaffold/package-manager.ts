/** The package manager the user ran us with, read from npm_config_user_agent ("pnpm/9.1.0 npm/? node/v20…"). */

export const packageManagers = ['npm', 'pnpm', 'yarn', 'bun'] as const;
export type PackageManager = (typeof packageManagers)[number];

export function detectPackageManager(userAgent: string | undefined): PackageManager {
  const name = userAgent?.split(' ')[0]?.split('/')[0];
  return (packageManagers as readonly string[]).includes(name ?? '') ? (name as PackageManager) : 'npm';
}

export function installCommand(pm: PackageManager): string[] {
  return pm === 'yarn' ? ['yarn'] : [pm, 'install'];
}

export function runCommand(pm: PackageManager, script: string): string {
  if (pm === 'npm') return script === 'start' || script === 'test' ? `npm ${script}` : `npm run ${script}`;
  if (pm === 'bun') return `bun run ${script}`;
  return `${pm} ${script}`;
}
