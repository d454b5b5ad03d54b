/**
 * Where the built model lives: the rules build writes it beside the rulesets, the extension carries
 * it at the same path (scripts/vite/lists-attribution.ts emits it; a unit test holds the two to
 * this), and the worker fetches it from there.
 */
export const CLASSIFIER_MODEL_FILE = 'classifier.bin';
/** Its validation figures, thresholds and training time: read by people and tests, not carried by the extension. */
export const CLASSIFIER_SUMMARY_FILE = 'classifier.json';
export const CLASSIFIER_MODEL_PATH = `rules/build/${CLASSIFIER_MODEL_FILE}`;
