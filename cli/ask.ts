import type { Answers } from '../src/decision/answers.js';
import { missingAnswers, nextQuestion } from '../src/decision/decide.js';
import { questionFor } from '../src/decision/questions.js';
import type { Prompter } from './prompts.js';
import { missingAnswersError } from './answer-flags.js';

/**
 * Asks what the engine still needs, in its order (which way, who is on the other end, then
 * what the article's tree needs below), until it can decide.
 */
export async function askUntilDecided(answers: Answers, prompter: Prompter | undefined): Promise<Answers> {
  const current: Answers = { ...answers };
  for (let key = nextQuestion(current); key !== undefined; key = nextQuestion(current)) {
    if (!prompter) throw missingAnswersError(missingAnswers(current));
    const question = questionFor(key);
    if (question.kind === 'choice') {
      (current as Record<string, unknown>)[question.key] = await prompter.choice(question);
    } else if (question.kind === 'number') {
      (current as Record<string, unknown>)[question.key] = await prompter.number(question);
    } else {
      throw new Error(`The engine asks "${question.key}", a yes/no refinement`);
    }
  }
  return current;
}
