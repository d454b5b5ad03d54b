/**
 * The worker's in-memory view, rebuilt on every wake. It is never the source of
 * truth (managed storage and the DNR rules are), so losing it when Chrome
 * stops the worker costs nothing but a re-read.
 */
export interface WorkerState {
  /** Raw managed policy as Chrome delivered it. */
  managed: Record<string, unknown>;
  /** When managed storage was last read (ms since epoch), or null before the first read. */
  managedReadAt: number | null;
  /** Why the last read happened: worker wake, install, or a policy change. */
  lastReadReason: 'wake' | 'installed' | 'policy-changed' | null;
}

export function initialWorkerState(): WorkerState {
  return { managed: {}, managedReadAt: null, lastReadReason: null };
}
