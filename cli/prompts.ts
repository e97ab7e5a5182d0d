import type { Answers } from '../src/decision/answers.js';
import { parseRate } from '../src/decision/parse-answer.js';
import type { BooleanQuestion, ChoiceQuestion, NumberQuestion } from '../src/decision/questions.js';
import type { Context } from './context.js';
import type { Style } from './style.js';

/**
 * The questions, put to a person. Inquirer loads here and only here, on first use: importing it
 * costs more than all of the rest of the CLI, and `--help` or `--json` never need it.
 */
export interface Prompter {
  choice<V extends string>(question: ChoiceQuestion<keyof Answers, V>): Promise<V>;
  number(question: NumberQuestion<keyof Answers>): Promise<number>;
  /** One checklist for the yes/no refinements; unticked ones are answered "no". */
  refinements(questions: readonly BooleanQuestion<keyof Answers>[]): Promise<Partial<Answers>>;
  confirm(message: string, defaultValue: boolean): Promise<boolean>;
  select<V extends string>(message: string, choices: readonly { value: V; name: string; description?: string }[], defaultValue?: V): Promise<V>;
  input(message: string, defaultValue: string, validate: (value: string) => string | true): Promise<string>;
}

/**
 * A prompter that loads inquirer on its first question, so a run that asks nothing (every
 * answer given as a flag) never pays for it, even on a terminal.
 */
export function createPrompter(ctx: Context, style: Style): Prompter {
  let loaded: Promise<Prompter> | undefined;
  const load = () => (loaded ??= loadPrompter(ctx, style));
  return {
    choice: async (q) => (await load()).choice(q),
    number: async (q) => (await load()).number(q),
    refinements: async (qs) => (await load()).refinements(qs),
    confirm: async (m, d) => (await load()).confirm(m, d),
    select: async (m, c, d) => (await load()).select(m, c, d),
    input: async (m, d, v) => (await load()).input(m, d, v),
  };
}

async function loadPrompter(ctx: Context, style: Style): Promise<Prompter> {
  // Inquirer colours by the environment; --no-color must reach it the same way.
  if (!style.enabled) process.env.NO_COLOR ??= '1';
  const [{ default: select }, { default: confirm }, { default: checkbox }, { default: input }] = await Promise.all([
    import('@inquirer/select'),
    import('@inquirer/confirm'),
    import('@inquirer/checkbox'),
    import('@inquirer/input'),
  ]);
  const io = { input: ctx.stdin, output: ctx.stdout };
  const message = (prompt: string, hint: string) => `${prompt} ${style.dim(`(${hint})`)}`;

  return {
    choice: (q) =>
      select({ message: message(q.prompt, q.hint), choices: q.choices.map((c) => ({ value: c.value, name: c.label, description: c.hint })) }, io),
    number: async (q) => {
      const raw = await input(
        {
          message: message(q.prompt, q.hint),
          default: String(q.example),
          validate: (value) => {
            try {
              parseRate(value);
              return true;
            } catch (error) {
              return (error as Error).message;
            }
          },
        },
        io,
      );
      return parseRate(raw);
    },
    refinements: async (questions) => {
      const picked = await checkbox(
        {
          message: `Anything else that applies? ${style.dim('(space to tick, enter to go on; none is fine)')}`,
          choices: questions.map((q) => ({ value: q.key, name: q.label, description: q.hint })),
          // Every refinement on one page (a page counts lines, and a label may wrap to two):
          // scrolling would hide the later ones from a quick look.
          pageSize: questions.length * 2,
        },
        io,
      );
      return Object.fromEntries(questions.map((q) => [q.key, picked.includes(q.key)]));
    },
    confirm: (msg, defaultValue) => confirm({ message: msg, default: defaultValue }, io),
    select: (msg, choices, defaultValue) =>
      select(
        {
          message: msg,
          choices: choices.map((c) => (c.description === undefined ? { value: c.value, name: c.name } : { value: c.value, name: c.name, description: c.description })),
          ...(defaultValue === undefined ? {} : { default: defaultValue }),
        },
        io,
      ),
    input: (msg, defaultValue, validate) => input({ message: msg, default: defaultValue, validate }, io),
  };
}

