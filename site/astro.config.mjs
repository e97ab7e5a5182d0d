// @ts-check
import { fileURLToPath } from 'node:url';
import mdx from '@astrojs/mdx';
import starlight from '@astrojs/starlight';
import { defineConfig } from 'astro/config';

// The repository root: pages import the engine from src/ and starter code from templates/.
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  // The demo server (live-demos/) serves dist/ at "/", so everything is built for base "/".
  base: '/',
  trailingSlash: 'ignore',
  outDir: './dist',
  // No network at build time: no remote images, fonts or services.
  image: { service: { entrypoint: 'astro/assets/services/noop' } },
  integrations: [
    starlight({
      title: 'choose-protocol',
      description: 'WebSocket, SSE, gRPC streaming or plain HTTP? Choose from a short questionnaire, then scaffold a tested starter.',
      // Starlight's default: Pagefind indexes the built pages, search works offline.
      pagefind: true,
      lastUpdated: false,
      sidebar: [
        { label: 'Start', items: [{ label: 'Home', link: '/' }, { label: 'Choose a transport', link: '/choose/' }] },
        { label: 'Protocols', autogenerate: { directory: 'protocols' } },
        { label: 'Patterns', autogenerate: { directory: 'patterns' } },
        { label: 'The 2026 landscape', autogenerate: { directory: 'landscape' } },
        { label: 'Compare', items: [{ label: 'Article vs corrections', link: '/compare/' }, { label: 'Race the transports', link: '/race/' }] },
        { label: 'Reliability', autogenerate: { directory: 'reliability' } },
      ],
      customCss: ['./src/styles/site.css'],
    }),
    mdx(),
  ],
  vite: {
    resolve: {
      alias: {
        '@templates': `${repoRoot}templates`,
        '@proto': `${repoRoot}proto`,
      },
    },
    server: { fs: { allow: [repoRoot] } },
  },
});
