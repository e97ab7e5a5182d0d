import type { AnswerKey, Answers } from './answers.js';
import type { Branch, Condition, DecisionNode, QuestionNode } from './tree.js';
import { decisionTree } from './tree.js';
import type { OutcomeId } from './outcomes.js';

export interface Step {
  node: QuestionNode;
  branch: Branch;
}

export type Walk =
  | { done: true; outcome: OutcomeId; path: readonly Step[] }
  | { done: false; next: QuestionNode; path: readonly Step[] };

/** Whether an answer satisfies a branch condition; `undefined` means "not answered". */
export function conditionHolds(condition: Condition, answers: Answers): boolean | undefined {
  const value = answers[condition.key];
  if (value === undefined) return undefined;
  if ('is' in condition) return (condition.is as readonly unknown[]).includes(value);
  if (typeof value !== 'number') return false;
  return 'above' in condition ? value > condition.above : value <= condition.atMost;
}

/** Follows the user's answers down the tree until an outcome or an unanswered question. */
export function walk(answers: Answers, root: DecisionNode = decisionTree): Walk {
  const path: Step[] = [];
  let node = root;
  while (node.kind === 'question') {
    if (answers[node.key] === undefined) return { done: false, next: node, path };
    const current: QuestionNode = node;
    const branch = current.branches.find((b) => conditionHolds(b.when, answers));
    if (!branch) throw new Error(`No branch of "${current.text}" matches ${String(answers[current.key])}`);
    path.push({ node: current, branch });
    node = branch.next;
  }
  return { done: true, outcome: node.outcome, path };
}

export interface MissingAnswer {
  key: AnswerKey;
  /** Set when the answer is needed only for some values of an earlier, unanswered one. */
  onlyIf?: string;
}

/**
 * Every answer the article's tree still needs. Below an unanswered question all branches are
 * possible, so the questions under them are listed with the branch that needs them.
 */
export function missingTreeAnswers(answers: Answers, root: DecisionNode = decisionTree): MissingAnswer[] {
  const missing: MissingAnswer[] = [];
  const visit = (node: DecisionNode, onlyIf: string | undefined): void => {
    if (node.kind === 'outcome') return;
    const known = answers[node.key] !== undefined;
    if (!known && !missing.some((m) => m.key === node.key)) {
      missing.push(onlyIf === undefined ? { key: node.key } : { key: node.key, onlyIf });
    }
    for (const branch of node.branches) {
      const holds = conditionHolds(branch.when, answers);
      if (holds === false) continue;
      visit(branch.next, holds === true ? onlyIf : describeCondition(branch.when));
    }
  };
  visit(root, undefined);
  return missing;
}

/** "--direction bidirectional", "--rate above 100": a condition as the flag that meets it. */
export function describeCondition(condition: Condition): string {
  const flag = `--${condition.key}`;
  if ('is' in condition) return `${flag} ${condition.is.join('|')}`;
  return 'above' in condition ? `${flag} above ${condition.above}` : `${flag} ${condition.atMost} or less`;
}

/**
 * Drops a branch when a later one tests the same answer: "only the server sends" implies "the
 * data flows one way only", so saying both is noise.
 */
export function mostSpecific(branches: readonly Branch[]): Branch[] {
  return branches.filter(
    (branch, index, all) => !all.slice(index + 1).some((later) => later.when.key === branch.when.key),
  );
}

/** Every leaf of the tree with the branches that lead to it. */
export function leaves(root: DecisionNode = decisionTree): { outcome: OutcomeId; branches: Branch[] }[] {
  const found: { outcome: OutcomeId; branches: Branch[] }[] = [];
  const visit = (node: DecisionNode, branches: Branch[]): void => {
    if (node.kind === 'outcome') {
      found.push({ outcome: node.outcome, branches });
      return;
    }
    for (const branch of node.branches) visit(branch.next, [...branches, branch]);
  };
  visit(root, []);
  return found;
}
