import { columnNames, compareReport } from '../../src/catalogue/compare-report.js';
import { featureLabels, summaryProtocolIds } from '../../src/catalogue/protocols.js';
import type { ParsedArgs } from '../args.js';
import { outputWidth, type Context } from '../context.js';
import { correctionMarker, renderCorrections } from '../render/corrections.js';
import { markedValue, ratingPaint } from '../render/rating.js';
import { renderTable, type TableCell } from '../render/table.js';
import { wrap } from '../render/wrap.js';
import type { Style } from '../style.js';

export default async function compare(ctx: Context, args: ParsedArgs, style: Style): Promise<void> {
  const report = compareReport();
  if (args.flags.json === true) {
    ctx.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  const width = outputWidth(ctx);
  const markers = new Map(report.corrections.map((c) => [c.id, c.marker]));
  // The article's cell as published; a corrected one gets the number of our correction beside it.
  const cellText = (row: (typeof report.rows)[number], id: (typeof summaryProtocolIds)[number]) => {
    const cell = row.cells[id];
    const text = markedValue(cell.value, cell.rating);
    return cell.correction ? `${text} ${correctionMarker(markers.get(cell.correction)!)}` : text;
  };
  const after = [
    '',
    ...renderCorrections(report.corrections, style, width),
    '',
    ...wrap("Plain HTTP is not in the article's table: run choose-protocol explain http.", width).map((l) => style.dim(l)),
    '',
  ];

  const header: TableCell[] = [{ text: 'Feature' }, ...summaryProtocolIds.map((id) => ({ text: columnNames[id] }))];
  const rows: TableCell[][] = report.rows.map((row) => [
    { text: row.label },
    ...summaryProtocolIds.map((id) => {
      const paint = ratingPaint(row.cells[id].rating, style);
      return paint ? { text: cellText(row, id), paint } : { text: cellText(row, id) };
    }),
  ]);
  const table = renderTable(header, rows, width, style.bold);
  if (table) {
    ctx.stdout.write([table, ...after].join('\n'));
    return;
  }
  // Too narrow for columns: one block per feature, each value under its protocol's name.
  const blocks = report.rows.map((row) =>
    [
      style.bold(featureLabels[row.feature]),
      ...summaryProtocolIds.flatMap((id) => [`  ${columnNames[id]}`, ...wrap(cellText(row, id), width - 4).map((line) => `    ${line}`)]),
    ].join('\n'),
  );
  ctx.stdout.write([blocks.join('\n\n'), ...after].join('\n'));
}

