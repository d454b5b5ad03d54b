/**
 * `npm run classifier:validate`: trains the hostname classifier from the real lists (the default
 * set, scripts/import/real-lists.ts) exactly as the build does, and publishes its validation on
 * the split it never saw: precision and recall per category, the benign reference sites it would
 * stop or warn on, the model's size and its training time. Writes bench/results/classifier.json
 * and the table in bench/README.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeModel } from '../../src/filter/classifier/model';
import { importSources } from '../import/import-sources';
import { loadReferences } from '../import/over-block-references';
import { realLists } from '../import/real-lists';
import { buildModel } from './build-model';
import { datasetFromImport } from './from-import';
import { classifierBlock, CLASSIFIER_END, CLASSIFIER_START } from './report';
import { writeReadmeBlock } from '../../bench/lib/readme-block';

const lists = await realLists();
const imported = await importSources(lists.sources);
const references = await loadReferences(lists.sources, { ut1Tree: lists.ut1Tree });
const dataset = datasetFromImport(imported, references.sets);
const started = performance.now();
const { model, validation } = buildModel(dataset);
const trainingMs = Math.round(performance.now() - started);
const bytes = encodeModel(model);
const result = { measuredAt: new Date().toISOString(), trainingMs, trainedOn: model.trainedOn, modelBytes: bytes.length, ...validation };
const resultsDir = join(import.meta.dirname, '..', '..', 'bench', 'results');
mkdirSync(resultsDir, { recursive: true });
writeFileSync(join(resultsDir, 'classifier.json'), `${JSON.stringify(result, null, 1)}\n`);
writeReadmeBlock(CLASSIFIER_START, CLASSIFIER_END, classifierBlock(result));
console.log(classifierBlock(result));
