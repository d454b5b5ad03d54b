/**
 * Puts what the rules build writes beside the rulesets and the manifest names
 * nowhere into the built extension at the same path: the lists' licences and
 * credits (rules/build/attribution.json, read by the status page) and the
 * on-device classifier's model (rules/build/classifier.bin, read by the
 * worker). The rulesets reach dist/ through the manifest; these files need
 * their own way in.
 *
 * Node built-ins only: Vite loads its config natively and warns about
 * extensionless imports, so the names are repeated here and
 * test/unit/lists-readme.test.ts holds them to ATTRIBUTION_FILE and
 * CLASSIFIER_MODEL_PATH.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';

export const EMITTED_ATTRIBUTION = 'rules/build/attribution.json';
export const EMITTED_CLASSIFIER = 'rules/build/classifier.bin';
export const EMITTED_BESIDE_RULESETS = [EMITTED_ATTRIBUTION, EMITTED_CLASSIFIER] as const;

export function listsAttribution(root = join(import.meta.dirname, '..', '..')): Plugin {
  return {
    name: 'school-filter:lists-attribution',
    apply: 'build',
    generateBundle() {
      for (const file of EMITTED_BESIDE_RULESETS) {
        const built = join(root, file);
        if (!existsSync(built)) this.error(`${built} is missing: run \`npm run rules\` first (npm run build does)`);
        this.emitFile({ type: 'asset', fileName: file, source: readFileSync(built) });
      }
    },
  };
}
