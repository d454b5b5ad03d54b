/**
 * "One truth per rule" (DESIGN.md): a rule both ends apply is one exported
 * function or constant, called by both, never a copy. Each check names where
 * the rule lives and fails if its mark turns up anywhere else in the
 * extension, the endpoint, the dashboard or the scripts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SOURCES = ['src', 'server/src', 'server/dashboard/src', 'scripts'];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)))
    .filter((path) => !path.includes('node_modules'));
}

const FILES = SOURCES.flatMap(sourceFiles).map((path) => ({ path, text: readFileSync(join(ROOT, path), 'utf8') }));

/** Files (repository-relative) whose text matches. */
function filesMatching(pattern: RegExp): string[] {
  return FILES.filter(({ text }) => pattern.test(text)).map(({ path }) => path).sort();
}

describe('one truth per rule', () => {
  it('reads the whole tree (so the checks below can fail)', () => {
    expect(FILES.length).toBeGreaterThan(200);
    expect(filesMatching(/export function lockedListing\(/)).toEqual(['src/overrides/locked-listing.ts']);
  });

  it("the extension id's hex-to-letters mapping is written once, and packaging calls it", () => {
    expect(filesMatching(/fromCharCode\(\s*97\s*\+/)).toEqual(['src/shared/extension-id.ts']);
    expect(filesMatching(/extensionIdFromDigest\(/)).toEqual(['scripts/package/crx3.ts', 'src/shared/extension-id.ts']);
  });

  it('the default locked categories are defined once, and the endpoint takes them from the extension', () => {
    expect(filesMatching(/(const|let|var)\s+DEFAULT_LOCKED_CATEGORIES\b/)).toEqual(['src/policy/defaults.ts']);
    expect(filesMatching(/DEFAULT_LOCKED_CATEGORIES[^;]*from '[./]*src\/policy\/defaults'/)).toEqual(['server/src/config/schema.ts']);
  });

  it("when a locked category's list refuses a domain is decided in one place, for the panel, devices and the endpoint", () => {
    // Everything that asks "does a locked list cover this domain?" goes through lockedListing.
    expect(filesMatching(/\blockedListing\(/)).toEqual([
      'server/src/overrides/locked.ts',
      'src/overrides/lesson-locked.ts',
      'src/overrides/locked-listing.ts',
      'src/overrides/locked-screen.ts',
      'src/school-lists/screen.ts',
    ]);
    // Adapters that hand a DomainIndex over (`covering: (host) => index.covering(host)`) are not asking.
    const overrideModules = FILES.filter(({ path }) => path.startsWith('src/overrides/') || path.startsWith('server/src/overrides/'));
    const askingDirectly = overrideModules.filter(({ text }) => /\.covering\((?!host\))/.test(text)).map(({ path }) => path);
    expect(askingDirectly).toEqual(['src/overrides/locked-listing.ts']);
  });

  it('the school lists: what an entry may name, who gets one, and how much they hold are each written once, and both ends call them', () => {
    // The endpoint stores, and the device accepts, only what parseListTarget reads (through the shared model's schemas).
    expect(filesMatching(/\bparseListTarget\(/)).toEqual(['server/src/school-lists/checks.ts', 'src/school-lists/model.ts', 'src/school-lists/target.ts']);
    // The endpoint refuses a change past the limits, and the device refuses a reply past them, with one function.
    expect(filesMatching(/\blistLimitProblems\(/)).toEqual(['server/src/school-lists/checks.ts', 'src/school-lists/limits.ts', 'src/school-lists/model.ts']);
    expect(filesMatching(/\b(entries|pathBlocks|pathAllows): [0-9_]+,/)).toEqual(['src/school-lists/limits.ts']);
    // Who an entry applies to is decided in one place (the endpoint sends each device only its own).
    expect(filesMatching(/\blistApplies\(/)).toEqual(['server/src/school-lists/device-reply.ts', 'src/school-lists/audience.ts']);
  });

  it('the screenshot rule is written once (src/reports/screenshot-rule.ts): the popup and the endpoint both call it', () => {
    expect(filesMatching(/\b(NO_SCREENSHOT_CATEGORIES|SCREENSHOT_REASONS)\b/)).toEqual(['src/reports/screenshot-rule.ts']);
    // The endpoint decides POST and PATCH with the same function the extension's own check calls.
    expect(filesMatching(/\bpictureRefusal\(/)).toEqual(['server/src/reports/follow-up.ts', 'server/src/routes/reports.ts', 'src/reports/screenshot-rule.ts']);
  });

  it('the urgency rule is defined once (src/reports/model.ts), and both ends call isUrgent', () => {
    expect(filesMatching(/\bURGENT_(REASONS|CATEGORIES)\b/)).toEqual(['src/reports/model.ts']);
  });
});
