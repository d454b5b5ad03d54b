/**
 * The lesson allowlists this device holds, in storage.local: they must
 * outlive the worker and a browser restart, so that an allowlist still ends
 * on time when the endpoint is unreachable (the alarm and every wake read
 * them), and still applies offline until its end.
 */
import type { LessonAllow } from '../../filter/plan';

const STORE_KEY = 'lessonAllows';

export interface HeldAllows {
  allows: LessonAllow[];
  /** Last successful answer from the endpoint. */
  fetchedAt: number | null;
  /** Why the last fetch failed, for the status page; null after a success. */
  lastError: string | null;
}

const NONE: HeldAllows = { allows: [], fetchedAt: null, lastError: null };

export async function readHeldAllows(): Promise<HeldAllows> {
  return ((await chrome.storage.local.get(STORE_KEY))[STORE_KEY] as HeldAllows | undefined) ?? NONE;
}

export async function writeHeldAllows(held: HeldAllows): Promise<void> {
  await chrome.storage.local.set({ [STORE_KEY]: held });
}
