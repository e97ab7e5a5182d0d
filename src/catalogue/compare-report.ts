import { corrections, type Correction, type SummaryProtocolId } from './corrections.js';
import { featureIds, featureLabels, protocols, summaryProtocolIds, type Cell, type FeatureId } from './protocols.js';

/** The article's column headings. */
export const columnNames: Record<SummaryProtocolId, string> = {
  websocket: 'WebSocket',
  sse: 'SSE',
  grpc: 'gRPC Streaming',
};

/** A correction with the number it is shown under in one view. */
export type NumberedCorrection = Correction & { marker: number };

/**
 * Numbers corrections in reading order: table cells row by row, left to right, then passages
 * of text. `compare` numbers all of them; `explain` numbers one protocol's.
 */
export function numberCorrections(list: readonly Correction[]): NumberedCorrection[] {
  const rank = (c: Correction) =>
    c.target.kind === 'cell'
      ? featureIds.indexOf(c.target.feature) * summaryProtocolIds.length + summaryProtocolIds.indexOf(c.protocol)
      : featureIds.length * summaryProtocolIds.length;
  return [...list].sort((a, b) => rank(a) - rank(b)).map((c, i) => ({ marker: i + 1, ...c }));
}

/** A cell of the article's table, plus the id of our correction when we have one. */
export type ReportCell = Cell & { correction?: string };

/**
 * `compare --json`: the article's table exactly as published, our corrections beside it, and on
 * each corrected cell the id of its correction.
 */
export function compareReport() {
  const numbered = numberCorrections(corrections);
  const cellCorrectionId = (id: SummaryProtocolId, feature: FeatureId) =>
    numbered.find((c) => c.protocol === id && c.target.kind === 'cell' && c.target.feature === feature)?.id;
  return {
    source: "The article's summary table (WebSockets vs SSE vs gRPC streaming)",
    protocols: summaryProtocolIds.map((id) => ({ id, name: columnNames[id] })),
    rows: featureIds.map((feature) => ({
      feature,
      label: featureLabels[feature],
      cells: Object.fromEntries(
        summaryProtocolIds.map((id): [SummaryProtocolId, ReportCell] => {
          const cell = protocols[id].summary![feature];
          const correction = cellCorrectionId(id, feature);
          return [id, correction ? { ...cell, correction } : { ...cell }];
        }),
      ) as Record<SummaryProtocolId, ReportCell>,
    })),
    correctedBy: 'choose-protocol',
    corrections: numbered,
  };
}
