import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The IT Lead's dashboard, served by the endpoint at /dashboard/. Built into
// dist/ (git-ignored) by `npm run server` and the server tests when missing
// or older than its sources (server/src/dashboard/build.ts).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/dashboard/',
  plugins: [preact()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The polyfill is an inline script, which the dashboard's CSP (script-src 'self') forbids.
    modulePreload: { polyfill: false },
  },
  logLevel: 'warn',
});
