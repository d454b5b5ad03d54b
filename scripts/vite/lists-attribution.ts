/**
 * Puts the lists' licences and credits (rules/build/attribution.json, written
 * by the rules build) into the built extension at the same path, where the
 * status page reads it. The rulesets reach dist/ through the manifest; this
 * file is named by no manifest key, so it needs its own way in.
 *
 * Node built-ins only: Vite loads its config natively and warns about
 * extensionless imports, so the name is repeated here and
 * test/unit/lists-attribution.test.ts holds it to ATTRIBUTION_FILE.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';

export const EMITTED_ATTRIBUTION = 'rules/build/attribution.json';

export function listsAttribution(root = join(import.meta.dirname, '..', '..')): Plugin {
  const built = join(root, EMITTED_ATTRIBUTION);
  return {
    name: 'school-filter:lists-attribution',
    apply: 'build',
    generateBundle() {
      if (!existsSync(built)) this.error(`${built} is missing: run \`npm run rules\` first (npm run build does)`);
      this.emitFile({ type: 'asset', fileName: EMITTED_ATTRIBUTION, source: readFileSync(built) });
    },
  };
}
