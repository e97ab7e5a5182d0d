#!/usr/bin/env node
// `npx choose-protocol` pays for every file read and every line parsed before the first byte of
// output: the bundle (scripts/build.mjs) keeps argument parsing and help in this one file; each
// group of commands, the prompt library, chalk and string-width load only when a run needs them.
import { forwardSignal } from './children.js';
import { createContext } from './context.js';
import { errorJson, wantsJson } from './json-errors.js';
import { exitCodes, run } from './run.js';

// Ctrl-C outside a prompt (prompts read it as a key and reject instead): say so and leave with
// the conventional code rather than dying mid-line. With --json, say it in JSON on stdout.
// Once run() has returned it has already reported (a child ended by the same Ctrl-C is reported
// as a cancel), so the handler stays quiet and one report is all a script ever reads.
let finished = false;
// `demo` is a server, and Ctrl-C is how it ends: one that comes before the command has taken the
// signal over (it does so first thing) ends it quietly with exit 0, not as a cancel.
const isDemo = process.argv.slice(2).find((arg) => !arg.startsWith('-')) === 'demo';
process.once('SIGINT', () => {
  if (finished) return;
  if (isDemo) process.exit(exitCodes.ok);
  forwardSignal('SIGINT');
  if (wantsJson(process.argv.slice(2))) process.stdout.write(errorJson('CP_CANCELLED', 'Cancelled.', exitCodes.cancelled));
  else process.stderr.write('\nCancelled.\n');
  process.exit(exitCodes.cancelled);
});

// A reader that stops early (`choose-protocol compare | head -3`) is not an error of ours.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? exitCodes.ok);
  });
}

// Not a top-level await: the commands' files import bin.js's modules from it (scripts/build.mjs),
// and an import of a module still awaiting at top level would wait for itself.
void run(createContext(process.argv.slice(2))).then((code) => {
  process.exitCode = code;
  finished = true;
});
