import { recommend as decide, type Recommendation } from '../../src/decision/recommend.js';
import { toReport } from '../../src/decision/report.js';
import { answersFromFlags } from '../answer-flags.js';
import type { ParsedArgs } from '../args.js';
import { askUntilDecided } from '../ask.js';
import { outputWidth, type Context } from '../context.js';
import { createPrompter } from '../prompts.js';
import { renderRecommendation } from '../render/recommendation.js';
import type { Style } from '../style.js';

/** Answers from flags; on a terminal (and not --json) asks only what the tree still needs. */
export default async function recommendCommand(ctx: Context, args: ParsedArgs, style: Style): Promise<void> {
  const json = args.flags.json === true;
  const flags = answersFromFlags(args);
  const prompter = ctx.interactive && !json ? createPrompter(ctx, style) : undefined;
  const answers = await askUntilDecided(flags, prompter);
  printRecommendation(ctx, decide(answers)!, json, style);
}

export function printRecommendation(ctx: Context, rec: Recommendation, json: boolean, style: Style): void {
  if (json) ctx.stdout.write(`${JSON.stringify(toReport(rec), null, 2)}\n`);
  else ctx.stdout.write(renderRecommendation(rec, style, outputWidth(ctx)));
}
