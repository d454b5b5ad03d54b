/**
 * Storage limitation (UK GDPR Art. 5(1)(e)): nothing is kept longer than the
 * school's `retentionDays`. Events and reports count from when they arrived,
 * allowlists from when they were over (ended early or ran out), devices from
 * when they were last heard from. Rosters are the school's current data and
 * are replaced by uploads, not aged out. Write limit windows name accounts and
 * are of no use once over: any whose window started over a day ago (the longest
 * window allowed) goes with each purge.
 */
import type { PurgeCounts, Store } from '../store/store';

const DAY_MS = 24 * 60 * 60 * 1000;

export function retentionCutoff(now: Date, retentionDays: number): Date {
  return new Date(now.getTime() - retentionDays * DAY_MS);
}

export async function purgeExpired(store: Store, retentionDays: number, now: Date): Promise<PurgeCounts> {
  const counts = await store.privacy.purgeOlderThan(retentionCutoff(now, retentionDays), now);
  await store.writeWindows.forgetBefore(new Date(now.getTime() - DAY_MS));
  return counts;
}

/** Purges now and then once a day; returns a function that stops the schedule. */
export function scheduleDailyPurge(run: () => Promise<unknown>, onError: (error: unknown) => void): () => void {
  const tick = () => void run().catch(onError);
  tick();
  const timer = setInterval(tick, DAY_MS);
  // The schedule alone must not keep the process running.
  timer.unref();
  return () => clearInterval(timer);
}
