/**
 * Compiles the category lists in rules/lists/ into the static rulesets the
 * manifest declares (rules/build/<category>.<action>.json). Runs before every
 * build: the redirect targets embed the extension id derived from the
 * manifest key, so a school that signs with its own key gets its own targets.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { compileCategoryRuleset } from '../src/filter/compile-category';
import { isCategoryId } from '../src/shared/categories';
import { extensionIdFromKey } from '../src/shared/extension-id';

const root = join(import.meta.dirname, '..');

interface RuleResource { id: string; path: string }

async function readList(category: string): Promise<string[]> {
  // illegal has no list in the repository: it comes only from the school's licensed feed.
  const text = await readFile(join(root, 'rules', 'lists', `${category}.txt`), 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' && category === 'illegal') return '';
    throw error;
  });
  return text
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim().toLowerCase())
    .filter((line) => line.length > 0);
}

async function main(): Promise<void> {
  const manifest = JSON.parse(await readFile(join(root, 'manifest.json'), 'utf8'));
  const extensionId = await extensionIdFromKey(manifest.key);
  const resources: RuleResource[] = manifest.declarative_net_request.rule_resources;
  for (const resource of resources) {
    const match = /^rules\/build\/([a-z-]+)\.(block|warn)\.json$/.exec(resource.path);
    if (!match || !isCategoryId(match[1])) {
      throw new Error(`manifest.json: ruleset "${resource.id}" has path ${resource.path}; expected rules/build/<category>.<block|warn>.json`);
    }
    const category = match[1];
    const action = match[2] as 'block' | 'warn';
    const domains = [...new Set(await readList(category))];
    const rules = compileCategoryRuleset({ category, action, domains, extensionId });
    const out = join(root, resource.path);
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, JSON.stringify(rules, null, 1) + '\n');
    console.log(`rules: ${resource.path}: ${domains.length} domains, ${rules.length} rules`);
  }
  console.log(`rules: extension id ${extensionId}`);
}

await main();
