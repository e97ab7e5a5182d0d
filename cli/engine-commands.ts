// recommend and the questionnaire share nearly all their code (the engine, the prompts, the
// recommendation's renderer), so the bundle (scripts/build.mjs) makes one file of them, and
// `recommend --json` never parses the catalogue's landscape, corrections or their renderers.
export { default as questionnaire } from './commands/questionnaire.js';
export { default as recommend } from './commands/recommend.js';
