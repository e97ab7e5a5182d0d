// Types for `./price-feed.js`, the esbuild bundle of src/web/browser/price-feed.ts that the
// gateway serves from dist/public/. Lets `// @ts-check` in app.js see the real signatures.
export * from '../src/web/browser/price-feed.js';
