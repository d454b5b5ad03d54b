import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NavigationTitles, TITLE_WAIT_MS, type TabPage } from '../../src/background/navigation-titles';
import type { NavigationEvent } from '../../src/events/model';
import { eventSchema } from '../../src/events/model';
import { MAX_TITLE_CHARS, titleToLog } from '../../src/events/page-title';
import { TEST_ENVELOPE } from './fixtures/envelope';

const URL_A = 'https://www.nhs.uk/mental-health/';
const URL_B = 'https://en.wikipedia.org/wiki/Volcano';

function navigation(url: string): NavigationEvent & { url: string } {
  return { ...TEST_ENVELOPE, type: 'navigation', host: new URL(url).hostname, url };
}

describe('which title a navigation event carries', () => {
  it('keeps a title only at full detail', () => {
    expect(titleToLog('Mental health - NHS', URL_A, 'full')).toBe('Mental health - NHS');
    expect(titleToLog('Mental health - NHS', URL_A, 'domain')).toBeUndefined();
    expect(titleToLog('Mental health - NHS', URL_A, 'off')).toBeUndefined();
  });

  it('drops the address Chrome shows for a page without a title, and blank titles', () => {
    expect(titleToLog(URL_A, URL_A, 'full')).toBeUndefined();
    expect(titleToLog('www.nhs.uk/mental-health', URL_A, 'full')).toBeUndefined();
    expect(titleToLog('www.nhs.uk', URL_A, 'full')).toBeUndefined();
    expect(titleToLog('  \n ', URL_A, 'full')).toBeUndefined();
  });

  it('folds whitespace and caps the length, so a page cannot make an event carry more', () => {
    expect(titleToLog('  Volcano \n\t - Wikipedia ', URL_B, 'full')).toBe('Volcano - Wikipedia');
    const long = titleToLog('x'.repeat(5000), URL_B, 'full')!;
    expect(long).toHaveLength(300);
    expect(long.endsWith('…')).toBe(true);
    // The endpoint's schema takes exactly that much and no more.
    const base = { ...navigation(URL_B) };
    expect(eventSchema.safeParse({ ...base, title: long }).success).toBe(true);
    expect(eventSchema.safeParse({ ...base, title: 'x'.repeat(MAX_TITLE_CHARS + 1) }).success).toBe(false);
  });
});

describe('a navigation waits for its title', () => {
  let queued: NavigationEvent[];
  let tabs: Map<number, TabPage>;
  let titles: NavigationTitles;

  beforeEach(() => {
    vi.useFakeTimers();
    queued = [];
    tabs = new Map();
    titles = new NavigationTitles({ queue: async (event) => void queued.push(event), readTab: async (tabId) => tabs.get(tabId) });
  });
  afterEach(() => vi.useRealTimers());

  it('is queued with the first title that says something about this page', async () => {
    await titles.hold(1, navigation(URL_A));
    await titles.titleChanged(1, URL_A, URL_A);
    expect(queued).toEqual([]);
    await titles.titleChanged(1, 'Mental health - NHS', URL_A);
    expect(queued).toEqual([{ ...navigation(URL_A), title: 'Mental health - NHS' }]);
    expect(titles.waiting).toBe(0);
  });

  it("ignores another tab's title and a title for another address", async () => {
    await titles.hold(1, navigation(URL_A));
    await titles.titleChanged(2, 'Something else', URL_A);
    await titles.titleChanged(1, 'Volcano - Wikipedia', URL_B);
    expect(queued).toEqual([]);
  });

  it('reads the title at DOMContentLoaded, and queues without one when the page has none', async () => {
    await titles.hold(1, navigation(URL_A));
    tabs.set(1, { url: URL_A, title: 'Mental health - NHS' });
    await titles.settle(1);
    await titles.hold(2, navigation(URL_B));
    tabs.set(2, { url: URL_B, title: URL_B });
    await titles.settle(2);
    expect(queued).toEqual([{ ...navigation(URL_A), title: 'Mental health - NHS' }, navigation(URL_B)]);
  });

  it('never loses the navigation: a new navigation in the tab, a closed tab or the time limit queue it', async () => {
    await titles.hold(1, navigation(URL_A));
    await titles.hold(1, navigation(URL_B));
    expect(queued).toEqual([navigation(URL_A)]);
    await titles.settle(1); // closed: chrome.tabs.get fails
    expect(queued).toEqual([navigation(URL_A), navigation(URL_B)]);

    const failing = new NavigationTitles({ queue: async (event) => void queued.push(event), readTab: async () => Promise.reject(new Error('No tab with id: 3')) });
    await failing.hold(3, navigation(URL_A));
    await vi.advanceTimersByTimeAsync(TITLE_WAIT_MS - 1);
    expect(queued).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(queued).toEqual([navigation(URL_A), navigation(URL_B), navigation(URL_A)]);
    expect(failing.waiting).toBe(0);
  });
});

describe('navigations faster than the queue', () => {
  it('loses none when a tab navigates again while the one before is still being queued', async () => {
    const queued: string[] = [];
    let finishQueue: (() => void) | undefined;
    const titles = new NavigationTitles({
      // The first queueing waits until the test lets it finish, as an IndexedDB write can.
      queue: (event) => {
        queued.push(event.url!);
        return queued.length === 1 ? new Promise<void>((resolve) => (finishQueue = resolve)) : Promise.resolve();
      },
      readTab: async () => undefined,
    });
    await titles.hold(1, navigation(URL_A));
    const second = titles.hold(1, navigation(URL_B)); // queues A, which waits
    const third = titles.hold(1, navigation('https://www.gov.uk/'));
    finishQueue!();
    await Promise.all([second, third]);
    await titles.settle(1);
    expect(queued).toEqual([URL_A, URL_B, 'https://www.gov.uk/']);
  });
});
