import validate from 'validate-npm-package-name';
import { UsageError } from '../errors.js';

/** npm's own rules, via validate-npm-package-name; returns the problems, empty when valid. */
export function packageNameProblems(name: string): string[] {
  const result = validate(name);
  return result.validForNewPackages ? [] : [...(result.errors ?? []), ...(result.warnings ?? [])];
}

/** A valid name close to `raw` ("My App!" -> "my-app"), for the error message and prompt default. */
export function suggestPackageName(raw: string): string {
  const name = raw
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, '-')
    .replace(/^[._]+/, '')
    .replace(/[^a-z0-9~.-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  return name === '' || packageNameProblems(name).length > 0 ? 'my-starter' : name;
}

export function assertPackageName(name: string): void {
  const problems = packageNameProblems(name);
  if (problems.length > 0) {
    throw new UsageError(
      'CP_INVALID_NAME',
      `"${name}" is not a valid npm package name: ${problems.join('; ')}. Pass --name ${suggestPackageName(name)} (or another valid name).`,
    );
  }
}
