import { correctionsFor } from './corrections.js';
import { numberCorrections } from './compare-report.js';
import { landscape, type LandscapeId } from './landscape.js';
import { isProtocolId, protocols, type ProtocolId } from './protocols.js';
import type { TopicId } from './topics.js';

/** `explain <protocol> --json`: the catalogue entry, plus our corrections to the article about it. */
export function protocolReport(id: ProtocolId) {
  return { kind: 'protocol' as const, ...protocols[id], corrections: numberCorrections(correctionsFor(id)) };
}

/** `explain <landscape id> --json`: the entry, plus the command that scaffolds its starter. */
export function landscapeReport(id: LandscapeId) {
  const entry = landscape[id];
  const scaffoldCommand = entry.template ? ['npx choose-protocol init', entry.template, ...entry.templateFlags].join(' ') : null;
  return { kind: 'landscape' as const, ...entry, scaffoldCommand };
}

export function topicReport(id: TopicId) {
  return isProtocolId(id) ? protocolReport(id) : landscapeReport(id);
}
