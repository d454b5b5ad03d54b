/**
 * The OU's endpoint token is in the extension's managed policy, and Chrome
 * shows managed policy values at chrome://policy to whoever is signed in. The
 * deploying guide (docs/deploying.md, section 5) tells schools to block that
 * page for pupils with `URLBlocklist`; this shows the page really does show
 * the token without it, that the other internal pages that list policy,
 * preferences or extensions do not, and that the one blocklist entry covers
 * the page's sub-pages and the other ways of writing its address.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type ExtensionSession, launchWithExtension, removePolicy, waitForWorkerState } from './harness';

const TOKEN = 'pupils-ou-token-visible-at-chrome-policy-42';
const EXTENSION_POLICY = { role: 'pupil', yearGroup: 'Y7', endpoint: { url: 'https://endpoint.school.example', token: TOKEN } };
/** Internal pages that show managed policy, preferences, extensions or their state: none but chrome://policy shows the token. */
const OTHER_INTERNAL_PAGES = [
  'chrome://policy/logs',
  'chrome://policy/test',
  'chrome://prefs-internals',
  'chrome://management',
  'chrome://extensions',
  'chrome://extensions-internals',
  'chrome://sync-internals',
  'chrome://serviceworker-internals',
  'chrome://version',
];
/** The guide's one entry, `chrome://policy`, must cover each of these. */
const POLICY_PAGE_ADDRESSES = ['chrome://policy', 'chrome://policy/', 'CHROME://POLICY', 'chrome://policy/logs', 'chrome://policy/test', 'view-source:chrome://policy'];

let session: ExtensionSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
  removePolicy();
});

/** Everything the page shows, shadow roots included (chrome://policy draws its tables in custom elements). */
async function visibleText(session: ExtensionSession, url: string, ready: (text: string) => boolean): Promise<string> {
  const page = await session.browser.newPage();
  try {
    await page.goto(url, { waitUntil: 'load' }).catch(() => undefined);
    // Both pages draw after load (the policy tables fill in; an error page can report load before it has
    // drawn anything): read until the caller's condition holds, or five seconds have passed.
    let text = '';
    for (let i = 0; i < 50 && (i === 0 || !ready(text)); i++) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      text = await page.evaluate(() => {
        const parts: string[] = [];
        const walk = (root: Document | ShadowRoot | Element) => {
          for (const element of root.querySelectorAll('*')) {
            if (element.shadowRoot) {
              parts.push(element.shadowRoot.textContent ?? '');
              walk(element.shadowRoot);
            }
          }
        };
        parts.push(document.body?.innerText ?? '');
        walk(document);
        return parts.join('\n');
      });
    }
    return text;
  } finally {
    await page.close();
  }
}

/** Chrome has delivered the extension's policy (so chrome://policy would have the values to show). */
async function policyArrived(session: ExtensionSession): Promise<void> {
  await waitForWorkerState(session, (state) => state.profile?.yearGroup === 'Y7', { what: 'the Y7 policy' });
}

describe("chrome://policy and the OU's token", () => {
  it('shows the token to the signed-in user when the page is not blocked', async () => {
    session = await launchWithExtension({ policy: { extension: EXTENSION_POLICY } });
    await policyArrived(session);
    expect(await visibleText(session, 'chrome://policy', (text) => text.includes(TOKEN))).toContain(TOKEN);
  });

  it('is not shown by the other internal pages about policy, preferences or extensions', async () => {
    session = await launchWithExtension({ policy: { extension: EXTENSION_POLICY } });
    await policyArrived(session);
    for (const url of OTHER_INTERNAL_PAGES) {
      // Each page has drawn something (a page that drew nothing would pass without showing anything).
      const text = await visibleText(session, url, (shown) => shown.trim().length > 100);
      expect(text.trim().length, url).toBeGreaterThan(100);
      expect(text, url).not.toContain(TOKEN);
    }
  }, 120_000);

  it("shows nothing of it once URLBlocklist blocks chrome://policy, as the deploying guide says", async () => {
    session = await launchWithExtension({ policy: { extension: EXTENSION_POLICY, chrome: { URLBlocklist: ['chrome://policy'] } } });
    await policyArrived(session);
    for (const url of POLICY_PAGE_ADDRESSES) {
      const text = await visibleText(session, url, (shown) => shown.trim() !== '');
      expect(text, url).not.toContain(TOKEN);
      expect(text, url).toMatch(/blocked|ERR_BLOCKED_BY_ADMINISTRATOR/i);
    }
  }, 120_000);
});
