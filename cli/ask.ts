import type { Answers } from '../src/decision/answers.js';
import { questionFor } from '../src/decision/questions.js';
import { missingAnswers, walk } from '../src/decision/walk.js';
import type { Prompter } from './prompts.js';
import { missingAnswersError } from './answer-flags.js';

/** Asks the tree's unanswered questions, in the tree's order, until it reaches an outcome. */
export async function askUntilDecided(answers: Answers, prompter: Prompter | undefined): Promise<Answers> {
  const current: Answers = { ...answers };
  for (let step = walk(current); !step.done; step = walk(current)) {
    if (!prompter) throw missingAnswersError(missingAnswers(current));
    const question = questionFor(step.next.key);
    if (question.kind === 'choice') {
      (current as Record<string, unknown>)[question.key] = await prompter.choice(question);
    } else if (question.kind === 'number') {
      (current as Record<string, unknown>)[question.key] = await prompter.number(question);
    } else {
      throw new Error(`The tree asks "${question.key}", a yes/no refinement`);
    }
  }
  return current;
}
