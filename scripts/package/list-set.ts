/**
 * Which lists a built extension holds, from the attribution.json the rules
 * build wrote beside its rulesets: the packager prints it, and warns loudly
 * when a package a school is about to publish holds the seed lists only
 * (an offline build falls back to them rather than failing).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ATTRIBUTION_FILE, type BuiltAttribution } from '../../src/filter/lists/attribution';

export function listSetOf(extensionDir: string): { line: string; warning?: string } {
  const path = join(extensionDir, 'rules', 'build', ATTRIBUTION_FILE);
  if (!existsSync(path)) {
    return { line: 'unknown', warning: `${path} is missing, so this build's lists and their licences are unknown: rebuild with \`npm run build\`` };
  }
  const built = JSON.parse(readFileSync(path, 'utf8')) as BuiltAttribution;
  if (built.listSet === 'default') return { line: `the default list set: ${built.lists.map((list) => `${list.id}@${list.revision.slice(0, 7)}`).join(', ')}` };
  if (built.listSet === 'custom') return { line: `custom (${built.reason})` };
  return {
    line: 'the curated seed lists only',
    warning: `this package holds the curated seed lists only, not the default list set (${built.reason}): run \`npm run lists\` (it needs the internet), then \`npm run package\` again`,
  };
}
