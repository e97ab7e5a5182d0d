import { basename, relative, resolve } from 'node:path';
// From each module, not the src/index.js barrel: the bundle (scripts/build.mjs) then carries only
// the scaffolder, not the engine and catalogue the barrel re-exports.
import { CancelledError, OperationError, UsageError } from '../../src/errors.js';
import { describeConflicts, findConflicts } from '../../src/scaffold/conflicts.js';
import { detectPackageManager, installCommand, runCommand } from '../../src/scaffold/package-manager.js';
import { assertPackageName, packageNameProblems, suggestPackageName } from '../../src/scaffold/package-name.js';
import { planScaffold } from '../../src/scaffold/plan.js';
import { shellQuote } from '../../src/scaffold/shell-quote.js';
import { writePlan } from '../../src/scaffold/write.js';
import { isTemplateId, templateIds, templates, type TemplateId } from '../../src/templates.js';
import type { ParsedArgs } from '../args.js';
import type { Context } from '../context.js';
import { createPrompter, type Prompter } from '../prompts.js';
import { initGit, installDependencies } from '../steps.js';
import type { Style } from '../style.js';

interface InitOptions {
  template: TemplateId;
  directory: string | undefined;
  name: string | undefined;
  variants: string[];
  force: boolean;
  install: boolean | undefined;
  git: boolean | undefined;
  dryRun: boolean;
  json: boolean;
}

export interface InitResult {
  template: TemplateId;
  directory: string;
  name: string;
  files: string[];
  /** Files that existed and were (or, on a dry run, would be) written over. */
  overwritten: string[];
  installed: boolean;
  git: boolean;
  dryRun: boolean;
  nextSteps: string[];
}

export default async function initCommand(ctx: Context, args: ParsedArgs, style: Style): Promise<void> {
  const f = args.flags;
  const json = f.json === true;
  const prompter = ctx.interactive && !json ? createPrompter(ctx, style) : undefined;
  let template = args.positionals[0];
  if (template === undefined) {
    if (!prompter) throw new UsageError('CP_MISSING_ARGUMENT', `init needs a template: one of ${templateIds.join(', ')}.`);
    template = await prompter.select(
      'Which starter?',
      templateIds.map((id) => ({ value: id, name: templates[id].title, description: templates[id].description })),
    );
  }
  if (!isTemplateId(template)) {
    throw new UsageError('CP_UNKNOWN_TEMPLATE', `Unknown template "${template}". Templates: ${templateIds.join(', ')}.`);
  }
  await scaffold(ctx, style, prompter, {
    template,
    directory: args.positionals[1],
    name: typeof f.name === 'string' ? f.name : undefined,
    variants: f.web === true ? ['--web'] : [],
    force: f.force === true,
    install: typeof f.install === 'boolean' ? f.install : undefined,
    git: typeof f.git === 'boolean' ? f.git : undefined,
    dryRun: f['dry-run'] === true,
    json,
  });
}

/** The questionnaire's hand-over: scaffold the recommended template, asking as init does. */
export async function scaffoldInteractively(ctx: Context, style: Style, prompter: Prompter, template: TemplateId, variants: string[]): Promise<void> {
  await scaffold(ctx, style, prompter, {
    template,
    directory: undefined,
    name: undefined,
    variants,
    force: false,
    install: undefined,
    git: undefined,
    dryRun: false,
    json: false,
  });
}

async function scaffold(ctx: Context, style: Style, prompter: Prompter | undefined, options: InitOptions): Promise<void> {
  const fallbackDir = `${options.template}-starter`;
  const directory =
    options.directory ??
    (prompter ? await prompter.input('Where should the project go?', fallbackDir, (v) => (v.trim() ? true : 'Give a directory name.')) : fallbackDir);
  if (directory.trim() === '') {
    throw new UsageError('CP_INVALID_VALUE', 'The directory is empty: name one, or use "." for the current folder.');
  }
  const target = resolve(ctx.cwd, directory.trim());

  let name = options.name ?? basename(target);
  if (packageNameProblems(name).length > 0 && options.name === undefined && prompter) {
    name = await prompter.input(`"${name}" is not a valid npm package name. Package name:`, suggestPackageName(name), (v) => {
      const problems = packageNameProblems(v);
      return problems.length === 0 ? true : problems.join('; ');
    });
  }
  assertPackageName(name);

  const plan = await planScaffold({ template: options.template, name, variants: options.variants });
  const conflicts = await findConflicts(target, plan);
  if (conflicts.entries.length > 0 && !options.force && !options.dryRun) {
    if (!prompter) throw new OperationError('CP_TARGET_NOT_EMPTY', describeConflicts(directory, conflicts));
    const choice = await prompter.select(
      `${directory} is not empty (${conflicts.entries.slice(0, 5).join(', ')}${conflicts.entries.length > 5 ? ', …' : ''}). What now?`,
      [
        { value: 'cancel', name: 'Cancel' },
        {
          value: 'overwrite',
          name: 'Write the starter over same-named files',
          description: `${conflicts.overwritten.length} file(s) would be replaced; nothing else is touched or deleted`,
        },
      ],
      'cancel',
    );
    if (choice === 'cancel') throw new CancelledError('Cancelled: nothing was written.');
  }

  const pm = detectPackageManager(ctx.env.npm_config_user_agent);
  const files = plan.files.map((file) => file.path);
  const shown = relative(ctx.cwd, target) || '.';
  const result = (dryRun: boolean, installed: boolean, git: boolean): InitResult => ({
    template: options.template,
    directory: target,
    name,
    files,
    overwritten: conflicts.overwritten,
    installed,
    git,
    dryRun,
    nextSteps: nextSteps(shown, pm, installed),
  });
  if (options.dryRun) {
    report(ctx, style, options, result(true, false, false));
    if (conflicts.entries.length > 0 && !options.force && !options.json) {
      ctx.stdout.write(style.yellow(`${describeConflicts(shown, conflicts)}\n`));
    }
    return;
  }

  const install = options.install ?? (prompter ? await prompter.confirm(`Install dependencies with ${pm}?`, true) : false);
  const git = options.git ?? (prompter ? await prompter.confirm('Create a git repository with a first commit?', true) : false);

  await writePlan(target, plan);
  if (!options.json) ctx.stdout.write(`${style.green('✓')} Wrote ${files.length} files to ${shown}\n`);
  if (install) {
    if (!options.json) ctx.stdout.write(`${style.dim(`Running ${installCommand(pm).join(' ')}…`)}\n`);
    await installDependencies(pm, target);
  }
  let committed = false;
  if (git) {
    committed = await initGit(target, files, `Initial commit from choose-protocol (${options.template} starter)`);
    if (!committed && !options.json) ctx.stdout.write(`${style.dim('Skipped git: the folder is already a repository.')}\n`);
  }
  report(ctx, style, options, result(false, install, committed));
}

function nextSteps(directory: string, pm: ReturnType<typeof detectPackageManager>, installed: boolean): string[] {
  // A folder named like a flag would be read as one by cd: "./-x" is the same folder.
  const steps = directory === '.' ? [] : [`cd ${shellQuote(directory.startsWith('-') ? `./${directory}` : directory)}`];
  if (!installed) steps.push(installCommand(pm).join(' '));
  steps.push(runCommand(pm, 'test'), runCommand(pm, 'start'));
  return steps;
}

function report(ctx: Context, style: Style, options: InitOptions, result: InitResult): void {
  if (options.json) {
    ctx.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  const out: string[] = [];
  if (result.dryRun) {
    out.push(`${style.bold('Dry run:')} would write ${result.files.length} files to ${result.directory} (package "${result.name}")`);
    for (const file of result.files) out.push(`  ${result.overwritten.includes(file) ? style.yellow('overwrite') : style.green('create   ')} ${file}`);
    out.push(style.dim('Nothing was written.'));
  } else {
    if (result.installed) out.push(`${style.green('✓')} Installed dependencies`);
    if (result.git) out.push(`${style.green('✓')} Created a git repository with a first commit`);
    out.push('', `${style.bold('Done.')} Your ${templates[result.template].title} starter is ready.`);
  }
  out.push('', style.bold('Next steps'), `  ${style.cyan(result.nextSteps.join(' && '))}`, '');
  ctx.stdout.write(out.join('\n'));
}
