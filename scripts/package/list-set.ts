/**
 * Which lists a built extension holds, from the attribution.json the rules
 * build wrote beside its rulesets: the packager prints it, and refuses to
 * publish a build that holds the seed lists only (a build that could not get
 * the default set falls back to them rather than failing; a weekly refresh
 * run offline must not push a 160-domain filter to every Chromebook) unless
 * told to with --allow-seed-lists.
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
    warning: `this build holds the curated seed lists only, not the default list set (${built.reason}): run \`npm run lists\` (it needs the internet), then \`npm run package\` again`,
  };
}
