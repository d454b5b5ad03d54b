/**
 * The rulesets as the project compiled them before issue 17, from the same
 * imported lists, for the update-cost baseline in the same run
 * (scripts/list-figures.ts): every category shipped a block and a warn copy,
 * and each copy wrote its domain list twice, once in a main-frame redirect
 * and once in a rule blocking everything else. Path-level entries were one
 * rule each, as now. Only the bytes matter here; nothing loads these.
 */
import { CATEGORY_PATH_PRIORITY, CATEGORY_PRIORITY } from '../../src/filter/bands';
import { urlStopRules } from '../../src/filter/rules/stop-rules';
import type { ImportResult } from '../../src/filter/import/types';
import { stopPageSubstitution } from '../../src/shared/pages';
import { CATEGORY_IDS } from '../../src/shared/categories';

const SUBRESOURCE_TYPES = ['sub_frame', 'stylesheet', 'script', 'image', 'font', 'object', 'xmlhttprequest', 'ping', 'csp_report', 'media', 'websocket', 'webtransport', 'webbundle', 'other'];

export function compileLegacyLayout(imported: ImportResult, extensionId: string): { path: string; data: Uint8Array }[] {
  const files: { path: string; data: Uint8Array }[] = [];
  for (const category of CATEGORY_IDS) {
    for (const action of category === 'illegal' ? (['block'] as const) : (['block', 'warn'] as const)) {
      const { domains, urls } = imported.categories[category];
      const page = action === 'warn' ? 'warn' : 'blocked';
      const rules: unknown[] = [];
      if (domains.length > 0) {
        const requestDomains = [...domains].sort();
        rules.push(
          {
            id: 1,
            priority: CATEGORY_PRIORITY[action],
            action: { type: 'redirect', redirect: { regexSubstitution: stopPageSubstitution(extensionId, page, category) } },
            condition: { regexFilter: '^.+$', requestDomains, resourceTypes: ['main_frame'] },
          },
          { id: 2, priority: CATEGORY_PRIORITY[action], action: { type: 'block' }, condition: { requestDomains, resourceTypes: SUBRESOURCE_TYPES } },
        );
      }
      rules.push(...urlStopRules(rules.length + 1, CATEGORY_PATH_PRIORITY[action], urls, { page, reason: category, extensionId }));
      const text = `[\n${rules.map((rule) => JSON.stringify(rule)).join(',\n')}\n]\n`;
      files.push({ path: `rules/build/${category}.${action}.json`, data: Buffer.from(text) });
    }
  }
  return files;
}
