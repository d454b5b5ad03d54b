import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDashboardBuilt } from '../../../server/src/dashboard/build';
import { findChrome } from './chrome-path';
import { removePolicy } from './policy';
import { acquireRunLock } from './run-lock';

/** Fail fast and clearly before any e2e file starts a browser; build the endpoint's dashboard; hold the machine-wide run lock. */
export default async function setup(): Promise<() => void> {
  findChrome();
  const manifest = join(import.meta.dirname, '..', '..', '..', 'dist', 'manifest.json');
  if (!existsSync(manifest)) {
    throw new Error('dist/ has no build: run `npm run build` first (npm test and npm run test:e2e do).');
  }
  // Tests that drive the endpoint's dashboard need it built (npm run server does the same).
  await ensureDashboardBuilt();
  const release = await acquireRunLock();
  removePolicy();
  return () => {
    removePolicy();
    release();
  };
}
