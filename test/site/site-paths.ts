import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, relative, sep } from 'node:path';
import { installedPackage } from '../helpers/packed.js';

/** The built site under test: the installed package's when the environment names one (CI), else the clone's. */
export const distDir = installedPackage()?.siteDir ?? fileURLToPath(new URL('../../site/dist', import.meta.url));

/** The CLI whose `recommend --json` the Choose page must match: from the same package as the site. */
export const cliBin = installedPackage()?.binPath;

/** Every page of the built site, as a URL path ("/", "/protocols/sse/", "/404.html"). */
export function sitePages(): string[] {
  const pages: string[] = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '_astro' && entry.name !== 'pagefind') visit(path);
      } else if (entry.name.endsWith('.html')) {
        const rel = relative(distDir, path).split(sep).join('/');
        pages.push(rel === '404.html' ? '/404.html' : `/${rel.replace(/index\.html$/, '')}`);
      }
    }
  };
  visit(distDir);
  return pages.sort();
}
