import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findChrome } from './chrome-path';
import { removePolicy } from './policy';
import { acquireRunLock } from './run-lock';

/** Fail fast and clearly before any e2e file starts a browser; hold the machine-wide run lock. */
export default async function setup(): Promise<() => void> {
  findChrome();
  const manifest = join(import.meta.dirname, '..', '..', '..', 'dist', 'manifest.json');
  if (!existsSync(manifest)) {
    throw new Error('dist/ has no build: run `npm run build` first (npm test and npm run test:e2e do).');
  }
  const release = await acquireRunLock();
  removePolicy();
  return () => {
    removePolicy();
    release();
  };
}
