import { correctionsFor } from './corrections.js';
import { numberCorrections } from './compare-report.js';
import { landscape, type LandscapeId } from './landscape.js';
import { isProtocolId, protocols, type ProtocolId } from './protocols.js';
import { scaffoldCommand } from '../templates.js';
import type { TopicId } from './topics.js';

/** `explain <protocol> --json`: the catalogue entry, plus our corrections to the article about it. */
export function protocolReport(id: ProtocolId) {
  return { kind: 'protocol' as const, ...protocols[id], corrections: numberCorrections(correctionsFor(id)) };
}

/** `explain <landscape id> --json`: the entry, plus the command that scaffolds its starter. */
export function landscapeReport(id: LandscapeId) {
  const entry = landscape[id];
  return { kind: 'landscape' as const, ...entry, scaffoldCommand: entry.template ? scaffoldCommand(entry.template, entry.templateFlags) : null };
}

export function topicReport(id: TopicId) {
  return isProtocolId(id) ? protocolReport(id) : landscapeReport(id);
}
