#!/usr/bin/env node
// Kept tiny on purpose: `npx choose-protocol` pays for every module imported before the first
// byte of output, so commands and prompt libraries load only when they run.
import { createContext } from './context.js';
import { run } from './run.js';

process.exitCode = await run(createContext(process.argv.slice(2)));
