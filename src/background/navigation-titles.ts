/**
 * At logging detail `full`, a navigation event waits for its page's title before it is queued:
 * the commit (when the event is made, and timed) comes before the page has parsed its <title>.
 * The wait ends at the first usable title Chrome reports for the tab, at DOMContentLoaded (the
 * title is read then), when the tab navigates again or closes, or after TITLE_WAIT_MS; whichever
 * comes first, the event is queued then, with the title if there was one. Nothing here decides
 * whether a navigation is logged: an event held is always queued.
 *
 * The wait lives in the worker's memory. Chrome keeps a worker alive for 30 seconds after its
 * last event and webNavigation/tabs events arrive throughout a page load, so a wait shorter
 * than that ends before the worker can be stopped; a browser closed mid-wait loses that one
 * navigation, as closing it at the commit would have.
 */
import type { NavigationEvent } from '../events/model';
import { titleToLog } from '../events/page-title';

export const TITLE_WAIT_MS = 10_000;

export interface TabPage {
  title?: string;
  url?: string;
}

export interface NavigationTitleDeps {
  queue(event: NavigationEvent): Promise<void>;
  /** The tab's current title and address (chrome.tabs.get); undefined for a closed tab. */
  readTab(tabId: number): Promise<TabPage | undefined>;
  waitMs?: number;
}

interface Held {
  event: NavigationEvent & { url: string };
  timer: ReturnType<typeof setTimeout>;
}

export class NavigationTitles {
  private readonly held = new Map<number, Held>();

  constructor(private readonly deps: NavigationTitleDeps) {}

  /** A committed navigation at `full` (it has its url). A navigation still waiting in this tab is queued first, without a title. */
  async hold(tabId: number, event: NavigationEvent & { url: string }): Promise<void> {
    // Taken and replaced before any await: navigations in one tab can follow each other faster
    // than an event is queued, and each must find the map as the one before left it.
    const previous = this.take(tabId);
    const timer = setTimeout(() => void this.settle(tabId), this.deps.waitMs ?? TITLE_WAIT_MS);
    this.held.set(tabId, { event, timer });
    if (previous) await this.deps.queue(previous.event);
  }

  /** chrome.tabs.onUpdated with a title: ends the wait if it is this page's and says something. */
  async titleChanged(tabId: number, title: string, tabUrl: string | undefined): Promise<void> {
    const held = this.held.get(tabId);
    if (!held || tabUrl !== held.event.url) return;
    const usable = titleToLog(title, held.event.url, 'full');
    if (usable) await this.release(tabId, usable);
  }

  /** DOMContentLoaded in the main frame, the tab closed, or the wait ran out: the title is whatever the tab has now. */
  async settle(tabId: number): Promise<void> {
    const held = this.held.get(tabId);
    if (!held) return;
    const tab = await this.deps.readTab(tabId).catch(() => undefined);
    // Another navigation may have taken the tab's place while the tab was read.
    if (this.held.get(tabId) !== held) return;
    const title = tab?.url === held.event.url ? titleToLog(tab.title, held.event.url, 'full') : undefined;
    await this.release(tabId, title);
  }

  /** How many navigations are waiting (for tests). */
  get waiting(): number {
    return this.held.size;
  }

  private async release(tabId: number, title: string | undefined): Promise<void> {
    const held = this.take(tabId);
    if (held) await this.deps.queue(title ? { ...held.event, title } : held.event);
  }

  private take(tabId: number): Held | undefined {
    const held = this.held.get(tabId);
    if (!held) return undefined;
    this.held.delete(tabId);
    clearTimeout(held.timer);
    return held;
  }
}
