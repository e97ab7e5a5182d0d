/**
 * A template's own `_gitignore` decides what never leaves it: what a maintainer's `npm test`,
 * `npm run generate` or `npm start` leaves in templates/ (dist/, src/gen/, data/, coverage/, .env)
 * is exactly what the starter's users must not commit, so it is not scaffolded either. The subset
 * of gitignore that the templates use: comments, `name` and `name/` (any depth; the slash means
 * folders only), `a/b/` (anchored to the root because of the inner slash), `*` within a name,
 * and `!` to take a path back.
 */

interface Rule {
  pattern: RegExp;
  anchored: boolean;
  foldersOnly: boolean;
  negated: boolean;
}

export type IgnoreTest = (path: string, isFolder: boolean) => boolean;

export function parseIgnoreRules(text: string): IgnoreTest {
  const rules: Rule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    if (negated) line = line.slice(1);
    const foldersOnly = line.endsWith('/');
    line = line.replace(/\/+$/, '');
    const anchored = line.includes('/');
    line = line.replace(/^\//, '');
    const source = line
      .split('/')
      .map((segment) => segment.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'))
      .join('/');
    rules.push({ pattern: new RegExp(`^${source}$`), anchored, foldersOnly, negated });
  }
  return (path, isFolder) => {
    let ignored = false;
    for (const rule of rules) {
      if (rule.foldersOnly && !isFolder) continue;
      const subject = rule.anchored ? path : path.slice(path.lastIndexOf('/') + 1);
      if (rule.pattern.test(subject)) ignored = !rule.negated;
    }
    return ignored;
  };
}
