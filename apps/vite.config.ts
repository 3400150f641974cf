// The browser apps: one Vite multi-page build whose output Workers Static Assets serves at /shop/, /till/ and
// /ops/ (and a landing page at /) on the API's own origin (wrangler.toml `[assets]`, docs/apps.md).
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const root = import.meta.dirname;
/** The folder wrangler.toml's `[assets] directory` names (git-ignored). */
export const APPS_OUT_DIR = resolve(root, 'dist');
const PAGES = ['shop', 'till', 'ops'];

export default defineConfig({
  root,
  base: '/',
  // apps/public (the `_headers` of the static assets) is copied as is.
  publicDir: 'public',
  // Preact's JSX without Babel: Vite 8 transforms it with oxc.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  logLevel: 'warn',
  build: {
    outDir: APPS_OUT_DIR,
    emptyOutDir: true,
    target: 'es2022',
    rolldownOptions: {
      // The apps, and a landing page at / that links them and the API docs.
      input: {
        index: resolve(root, 'index.html'),
        ...Object.fromEntries(PAGES.map((page) => [page, resolve(root, page, 'index.html')])),
      },
    },
  },
});
