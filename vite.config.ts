import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import manifest from './manifest.json' with { type: 'json' };
import { listsAttribution } from './scripts/vite/lists-attribution.js';

// Extension pages that the manifest does not name (DNR redirect targets) must
// be listed as inputs or CRXJS will not build them.
export default defineConfig({
  plugins: [preact(), crx({ manifest: manifest as never }), listsAttribution()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'chrome120',
    rollupOptions: {
      input: {
        blocked: 'src/pages/blocked.html',
        warn: 'src/pages/warn.html',
        status: 'src/pages/status.html',
      },
    },
  },
  server: { cors: { origin: [/chrome-extension:\/\//] } },
});
