import { UsageError } from '../../src/errors.js';
import { topicReport } from '../../src/catalogue/topic-report.js';
import { isTopicId, topicIds } from '../../src/catalogue/topics.js';
import type { ParsedArgs } from '../args.js';
import { outputWidth, type Context } from '../context.js';
import { renderLandscape } from '../render/explain-landscape.js';
import { renderProtocol } from '../render/explain-protocol.js';
import type { Style } from '../style.js';

export default async function explain(ctx: Context, args: ParsedArgs, style: Style): Promise<void> {
  const id = args.positionals[0];
  if (id === undefined) {
    throw new UsageError('CP_MISSING_ARGUMENT', `explain needs a protocol: one of ${topicIds.join(', ')}.`);
  }
  if (!isTopicId(id)) {
    throw new UsageError('CP_INVALID_VALUE', `Unknown protocol "${id}". Accepted: ${topicIds.join(', ')}.`);
  }
  const report = topicReport(id);
  if (args.flags.json === true) {
    ctx.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  const width = outputWidth(ctx);
  ctx.stdout.write(report.kind === 'protocol' ? renderProtocol(report, style, width) : renderLandscape(report, style, width));
}
