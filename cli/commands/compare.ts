import { featureIds, featureLabels, protocols, summaryProtocolIds } from '../../src/catalogue/protocols.js';
import type { ParsedArgs } from '../args.js';
import { outputWidth, type Context } from '../context.js';
import { markedValue, ratingPaint } from '../render/rating.js';
import { renderTable, type TableCell } from '../render/table.js';
import { wrap } from '../render/wrap.js';
import type { Style } from '../style.js';

const columnNames: Record<(typeof summaryProtocolIds)[number], string> = {
  websocket: 'WebSocket',
  sse: 'SSE',
  grpc: 'gRPC Streaming',
};

export function compareReport() {
  return {
    source: 'The article\'s summary table (WebSockets vs SSE vs gRPC streaming)',
    protocols: summaryProtocolIds.map((id) => ({ id, name: columnNames[id] })),
    rows: featureIds.map((feature) => ({
      feature,
      label: featureLabels[feature],
      cells: Object.fromEntries(summaryProtocolIds.map((id) => [id, protocols[id].summary![feature]])),
    })),
  };
}

export default async function compare(ctx: Context, args: ParsedArgs, style: Style): Promise<void> {
  if (args.flags.json === true) {
    ctx.stdout.write(`${JSON.stringify(compareReport(), null, 2)}\n`);
    return;
  }
  const width = outputWidth(ctx);
  const header: TableCell[] = [{ text: 'Feature' }, ...summaryProtocolIds.map((id) => ({ text: columnNames[id] }))];
  const rows: TableCell[][] = featureIds.map((feature) => [
    { text: featureLabels[feature] },
    ...summaryProtocolIds.map((id) => {
      const cell = protocols[id].summary![feature];
      const paint = ratingPaint(cell.rating, style);
      return paint ? { text: markedValue(cell.value, cell.rating), paint } : { text: markedValue(cell.value, cell.rating) };
    }),
  ]);
  const table = renderTable(header, rows, width, style.bold);
  if (table) {
    ctx.stdout.write(`${table}\n\n${style.dim('Plain HTTP is not in the article\'s table: run choose-protocol explain http.')}\n`);
    return;
  }
  // Too narrow for columns: one block per feature, each value under its protocol's name.
  const blocks = featureIds.map((feature) =>
    [
      style.bold(featureLabels[feature]),
      ...summaryProtocolIds.flatMap((id) => {
        const cell = protocols[id].summary![feature];
        return [`  ${columnNames[id]}`, ...wrap(markedValue(cell.value, cell.rating), width - 4).map((line) => `    ${line}`)];
      }),
    ].join('\n'),
  );
  ctx.stdout.write(`${blocks.join('\n\n')}\n`);
}
