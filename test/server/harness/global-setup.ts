/**
 * Before the server tests, once: builds the dashboard if it is missing or
 * older than its sources, and compiles the category rulesets (rules/build,
 * git-ignored) if they are missing, for the test that the real lists reach
 * the endpoint's locked-category check.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPOSITORY_RULES_DIR } from '../../../server/src/config/load';
import { ensureDashboardBuilt } from '../../../server/src/dashboard/build';

const ROOT = join(import.meta.dirname, '..', '..', '..');

function ensureRulesBuilt(): void {
  if (existsSync(join(REPOSITORY_RULES_DIR, 'adult.block.json'))) return;
  // `npm run rules` without npm (not on PATH under every runner): tsx is a dev dependency.
  execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'build-rules.ts')], { cwd: ROOT, stdio: 'pipe' });
}

export default async function setup(): Promise<void> {
  ensureRulesBuilt();
  await ensureDashboardBuilt();
}
