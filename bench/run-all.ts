/**
 * `npm run bench`: every benchmark in turn, each in its own process (a fresh
 * heap, and one failure does not hide the others' figures). `--small` runs
 * each at a size that finishes in seconds, as CI does to keep them working.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const small = process.argv.includes('--small');
const BENCHES: [file: string, smallArgs: string[]][] = [
  ['first-install.ts', ['--small']],
  ['page-load.ts', ['--small']],
  ['policy-change.ts', ['--small']],
  ['scale.ts', ['--small']],
  ['events.ts', ['--small']],
  ['endpoint-ingest.ts', ['--small']],
  ['lesson-allowlist.ts', ['--small']],
  ['school-lists.ts', ['--small']],
  ['phrase-precision.ts', ['--small']],
  ['alert-email.ts', ['--small']],
  ['classifier-cost.ts', ['--small']],
];

const failed: string[] = [];
for (const [file, smallArgs] of BENCHES) {
  const path = join(import.meta.dirname, file);
  if (!existsSync(path)) continue;
  console.log(`\n== ${file}${small ? ' (small)' : ''}`);
  const started = performance.now();
  try {
    execFileSync(process.execPath, ['--max-old-space-size=8192', '--import', 'tsx', path, ...(small ? smallArgs : [])], { stdio: 'inherit' });
    console.log(`(${file}: ${Math.round((performance.now() - started) / 1000)} s)`);
  } catch {
    failed.push(file);
  }
}
if (failed.length > 0) {
  console.error(`\nbenchmarks that failed: ${failed.join(', ')}`);
  process.exit(1);
}
console.log('\nresults: bench/results/latest.json');
