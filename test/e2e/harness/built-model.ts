/**
 * What a built extension's classifier and lists say about a host, read from its files the way a
 * test can check them independently of the worker: the model file (rules/build/classifier.bin) and
 * every ruleset the build wrote.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeModel, type HostClassifier, scoreHost } from '../../../src/filter/classifier/model';
import { CLASSIFIER_MODEL_PATH } from '../../../src/filter/classifier/model-file';
import { DomainIndex } from '../../../src/filter/domain-index';
import { isCategoryId } from '../../../src/shared/categories';

export interface BuiltModel {
  model: HostClassifier;
  /** The score and thresholds of one category for a host. */
  judge(host: string, category: string): { score: number; blockAt: number; warnAt: number };
  /** Whether any ruleset of the build (enabled or not, never-block included) names the host or a parent. */
  listed(host: string): boolean;
  /** Whether the build's never-block ruleset names the host or a parent. */
  neverBlock(host: string): boolean;
}

export function readBuiltModel(extensionDir: string): BuiltModel {
  const model = decodeModel(new Uint8Array(readFileSync(join(extensionDir, CLASSIFIER_MODEL_PATH))), isCategoryId);
  const rulesDir = join(extensionDir, 'rules', 'build');
  const rules = readdirSync(rulesDir)
    .filter((file) => file.endsWith('.json') && !['stats.json', 'attribution.json', 'classifier.json'].includes(file))
    .flatMap((file) => JSON.parse(readFileSync(join(rulesDir, file), 'utf8')) as chrome.declarativeNetRequest.Rule[]);
  const index = DomainIndex.fromRules(rules);
  const neverBlock = DomainIndex.fromRules(JSON.parse(readFileSync(join(rulesDir, 'never_block.json'), 'utf8')) as chrome.declarativeNetRequest.Rule[]);
  return {
    model,
    judge(host, category) {
      const found = model.categories.find((c) => c.category === category);
      if (!found) throw new Error(`the model has no category ${category}`);
      return { score: scoreHost(model, host).find((s) => s.category === category)!.score, blockAt: found.blockAt, warnAt: found.warnAt };
    },
    listed: (host) => index.covering(host) !== undefined,
    neverBlock: (host) => neverBlock.covering(host) !== undefined,
  };
}
