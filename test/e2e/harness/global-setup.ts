import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { filesWithTestHandle } from '../../../scripts/package/test-handle-check';
import { ensureDashboardBuilt } from '../../../server/src/dashboard/build';
import { findChrome } from './chrome-path';
import { removePolicy } from './policy';
import { acquireRunLock } from './run-lock';

/** Fail fast and clearly before any e2e file starts a browser; build the endpoint's dashboard; hold the machine-wide run lock. */
export default async function setup(): Promise<() => void> {
  findChrome();
  const manifest = join(import.meta.dirname, '..', '..', '..', 'dist', 'manifest.json');
  if (!existsSync(manifest)) {
    throw new Error('dist/ has no build: run `npm run build:test` first (npm test and npm run test:e2e do).');
  }
  // The harness drives the worker through its test handle, which production builds leave out.
  if (filesWithTestHandle(dirname(manifest)).length === 0) {
    throw new Error('dist/ is a production build, without the worker handle the e2e harness drives: run `npm run build:test` (npm test and npm run test:e2e do).');
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
