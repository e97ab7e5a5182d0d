import type { Answers } from '../../src/decision/answers.js';
import { rateQuestion, refinementQuestions, refinementsFor } from '../../src/decision/questions.js';
import { rateMatters } from '../../src/decision/rate-matters.js';
import { recommend as decide } from '../../src/decision/recommend.js';
import { UsageError } from '../../src/errors.js';
import { answersFromFlags } from '../answer-flags.js';
import type { ParsedArgs } from '../args.js';
import { askUntilDecided } from '../ask.js';
import type { Context } from '../context.js';
import { createPrompter } from '../prompts.js';
import type { Style } from '../style.js';
import { printRecommendation } from './recommend.js';

/**
 * `choose-protocol` with no command. On a terminal: which way the data flows, who is on the other
 * end, the rate wherever the advice reads it, the refinements checklist, the recommendation, and
 * the offer to scaffold. Without one
 * it never waits for input: answers come as flags or it explains how to give them.
 */
export default async function questionnaire(ctx: Context, args: ParsedArgs, style: Style): Promise<void> {
  const json = args.flags.json === true;
  const given = answersFromFlags(args);

  if (!ctx.interactive || json) {
    if (Object.keys(given).length === 0) {
      const why = json ? '--json never asks questions' : 'No terminal to ask questions on';
      throw new UsageError(
        'CP_MISSING_ANSWERS',
        `${why}. Pass the answers as flags, e.g. choose-protocol recommend --direction bidirectional --peer browser (see choose-protocol --help).`,
      );
    }
    printRecommendation(ctx, decide(await askUntilDecided(given, undefined))!, json, style);
    return;
  }

  const prompter = createPrompter(ctx, style);
  const answers: Answers = await askUntilDecided(given, prompter);
  // The tree needs the rate only on one-way streams from the server, but rules read it on
  // two-way paths too (strict proxies at 10 a second or fewer, pages fed faster than a screen
  // shows): a newcomer is asked it wherever it can change the advice, and never for uploads.
  if (answers.rate === undefined && rateMatters(answers)) answers.rate = await prompter.number(rateQuestion);
  const refinementGiven = refinementQuestions.some((q) => answers[q.key] !== undefined);
  if (!refinementGiven) Object.assign(answers, await prompter.refinements(refinementsFor(answers)));

  const rec = decide(answers)!;
  printRecommendation(ctx, rec, false, style);

  if (!(await prompter.confirm('Scaffold a starter now?', true))) {
    ctx.stdout.write(`When you are ready: ${style.cyan(rec.scaffold.command)}\n`);
    return;
  }
  const { scaffoldInteractively } = await import('./init.js');
  await scaffoldInteractively(ctx, style, prompter, rec.scaffold.template, rec.scaffold.flags);
}
