/** The starters' READMEs, imported as text at build time: the pages quote their sections. */
import websocket from '@templates/websocket/README.md?raw';
import sse from '@templates/sse/README.md?raw';
import grpc from '@templates/grpc/README.md?raw';
import http from '@templates/http/README.md?raw';
import type { TemplateId } from '../../src/templates.js';

export const starterReadmes: Record<TemplateId, string> = { websocket, sse, grpc, http };

/**
 * One "## Heading" section of a README, without its heading, up to the next "## ". Task-list
 * markers ("- [x]") become plain items: the page shows a list to read, not checkboxes to tick.
 */
export function readmeSection(readme: string, heading: string): string {
  const lines = readme.split('\n');
  const start = lines.findIndex((line) => line.trim() === `## ${heading}`);
  if (start === -1) throw new Error(`No "## ${heading}" section in the README`);
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => line.startsWith('## '));
  return (end === -1 ? rest : rest.slice(0, end))
    .join('\n')
    .replace(/^(\s*)- \[[ xX]\] /gm, '$1- ')
    .trim();
}
