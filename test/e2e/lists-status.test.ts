/**
 * The status page's "Lists and licences" for a build that fell back to the
 * curated seed lists (no cache, no fetch): it says so, with the reason, and
 * credits no list the build does not hold. (A build of the default set, with
 * its credits, is shown in lists-update.test.ts.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildListsVariant, launchWithExtension } from './harness';

const ROOT = join(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'school-filter-lists-status-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the status page of a build on the seed lists', () => {
  it('says the build holds the curated seed lists only, and why, and credits no list', async () => {
    const seeds = buildListsVariant('lists-seeds', { lock: join(ROOT, 'rules', 'lists.lock.json'), cache: join(work, 'no-cache') }, 'seeds');
    const session = await launchWithExtension({ extensionDir: seeds, policy: { extension: { role: 'pupil', yearGroup: 'Y7' } } });
    try {
      const { page } = await session.navigate(session.extensionUrl('src/pages/status.html'));
      await page.waitForSelector('[data-testid="lists-seeds"]');
      expect(await page.$eval('[data-testid="lists-seeds"]', (el) => (el as HTMLElement).innerText)).toMatch(
        /^This build holds the project's curated seed lists only, not the default list set: \S+no-cache holds no copy of the lists rules\/lists\.lock\.json pins\.$/,
      );
      expect(await page.$('[data-testid="lists-credits"]')).toBeNull();
    } finally {
      await session.close();
    }
  }, 120_000);
});
