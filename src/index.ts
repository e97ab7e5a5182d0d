// The pure core of choose-protocol: data and decisions, no terminal, no network.
export * from './errors.js';
export * from './templates.js';
export * from './catalogue/protocols.js';
export * from './decision/answers.js';
export * from './decision/questions.js';
export * from './decision/tree.js';
export * from './decision/outcomes.js';
export * from './decision/refinements.js';
export * from './decision/walk.js';
export * from './decision/flip.js';
export * from './decision/recommend.js';
export * from './decision/parse-answer.js';
export * from './decision/report.js';
