/**
 * Storage limitation (UK GDPR Art. 5(1)(e)): nothing is kept longer than the
 * school's `retentionDays`. Events and reports count from when they arrived,
 * allowlists from when they were over (ended early or ran out), devices from
 * when they were last heard from. Rosters are the school's current data and
 * are replaced by uploads, not aged out. Write limit windows name accounts and
 * are of no use once over: any whose window started over a day ago (the longest
 * window allowed) goes with each purge.
 */
import type { AloneRun, PurgeCounts, Store } from '../store/store';

const DAY_MS = 24 * 60 * 60 * 1000;

export function retentionCutoff(now: Date, retentionDays: number): Date {
  return new Date(now.getTime() - retentionDays * DAY_MS);
}

export async function purgeExpired(store: Store, retentionDays: number, now: Date): Promise<PurgeCounts> {
  const counts = await store.privacy.purgeOlderThan(retentionCutoff(now, retentionDays), now);
  await store.writeWindows.forgetBefore(new Date(now.getTime() - DAY_MS));
  return counts;
}

/** The job name every endpoint process purges under (store.jobs). */
export const PURGE_JOB = 'retention purge';

/**
 * purgeExpired, unless another process (or store) on the same database is purging now: then it skips
 * rather than waits, as that run deletes the same rows. Several processes each schedule the purge, so on
 * a given day each may run it once at its own hour; after the first, a run finds little or nothing to delete.
 */
export function purgeExpiredAlone(store: Store, retentionDays: number, now: Date): Promise<AloneRun<PurgeCounts>> {
  return store.jobs.runAlone(PURGE_JOB, () => purgeExpired(store, retentionDays, now));
}

export interface PurgeSchedule<T> {
  /** The start-up run, settled when it ends (an error goes to onError and this resolves undefined). */
  first: Promise<T | undefined>;
  stop(): void;
}

/**
 * Purges now and then once a day. The start-up run is not awaited before the endpoint listens: devices and
 * the load balancer's health check are answered while a long purge (the first after a lowered retention or a
 * long stop) runs, and the purge removes only rows past retention, which no request is owed. `first` lets a
 * caller (tests, a one-off run) wait for it.
 */
export function scheduleDailyPurge<T>(run: () => Promise<T>, onError: (error: unknown) => void): PurgeSchedule<T> {
  const tick = () =>
    run().catch((error: unknown) => {
      onError(error);
      return undefined;
    });
  const first = tick();
  const timer = setInterval(() => void tick(), DAY_MS);
  // The schedule alone must not keep the process running.
  timer.unref();
  return { first, stop: () => clearInterval(timer) };
}
