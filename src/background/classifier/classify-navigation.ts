/**
 * A main-frame navigation to a site no list names (issue 20): scored on the device, and stopped or
 * warned where the model is sure enough and the profile's classifier setting allows. The decision
 * becomes a session rule (decisions.ts), so repeats are stopped in Chrome's network stack without
 * the worker; the first navigation is redirected here, since a rule added now may not catch the
 * request already in flight. Nothing leaves the device but the block or warn event the stop page's
 * commit logs (src/events/capture.ts, with the score: commit-score.ts).
 */
import { classifyHost, type ClassifiedStop } from '../../filter/classifier/decide';
import type { Profile } from '../../policy/profile';
import { classifiedStopUrl } from '../../shared/pages';
import { decisionFor, keepDecision, readDecisions } from './decisions';
import { listsDecide } from './lists-decide';
import { classifierModel } from './model';

export interface Navigation {
  tabId: number;
  frameId: number;
  url: string;
  /** `prerender`: Chrome loading a page the pupil has not gone to yet (the omnibox's guess). */
  documentLifecycle?: string;
}

/** A web host a model can read: http(s), a dotted name, not an address. */
function classifiable(details: Navigation): URL | null {
  if (details.frameId !== 0 || details.tabId < 0) return null;
  let url: URL;
  try {
    url = new URL(details.url);
  } catch {
    return null;
  }
  if (!/^https?:$/.test(url.protocol) || !url.hostname.includes('.')) return null;
  if (/^[\d.]+$/.test(url.hostname) || url.hostname.startsWith('[')) return null;
  return url;
}

export async function classifyNavigation(profile: Profile | null, details: Navigation): Promise<ClassifiedStop | null> {
  if (!profile || Object.values(profile.classifier).every((setting) => setting === 'off')) return null;
  const url = classifiable(details);
  if (!url) return null;
  const loaded = await classifierModel();
  if (!loaded) return null;
  const stop = classifyHost(loaded.model, url.hostname, profile.classifier);
  if (!stop) return null;
  // Already decided: its session rule stops it in the network stack.
  if (decisionFor(await readDecisions(), url.hostname)) return null;
  if (await listsDecide(profile, url, details.tabId)) return null;
  const decision = { ...stop, host: url.hostname, decidedAt: Date.now() };
  // A prerender is not the tab's page yet: redirecting the tab would take the pupil somewhere they have
  // not gone. Its session rule stops the next request; a prerender shown as it is may show once (not measured).
  if (details.documentLifecycle === 'prerender') {
    await keepDecision(decision);
    return stop;
  }
  // Together: every millisecond before the redirect is one in which the page may paint.
  await Promise.all([
    keepDecision(decision),
    chrome.tabs.update(details.tabId, { url: classifiedStopUrl(chrome.runtime.id, stop.action === 'block' ? 'blocked' : 'warn', stop.category, details.url) }),
  ]);
  return stop;
}
