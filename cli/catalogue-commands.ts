// explain and compare share the catalogue's landscape entries, corrections and renderers, so the
// bundle (scripts/build.mjs) makes one file of them; demo is small enough to ride along.
export { default as compare } from './commands/compare.js';
export { default as demo } from './commands/demo.js';
export { default as explain } from './commands/explain.js';
