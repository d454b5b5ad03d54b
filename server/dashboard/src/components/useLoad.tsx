import { useCallback, useEffect, useState } from 'preact/hooks';

/** Loads once (and again on `reload`), keeping the error to show. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[] = []): { data: T | null; error: string | null; reload: () => void } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    load().then(
      (value) => live && (setData(value), setError(null)),
      (reason: unknown) => live && setError(reason instanceof Error ? reason.message : String(reason)),
    );
    return () => {
      live = false;
    };
  }, [tick, ...deps]);
  return { data, error, reload: useCallback(() => setTick((n) => n + 1), []) };
}

export function Loading({ error }: { error: string | null }) {
  return error ? <p role="alert">Could not load: {error}</p> : <p aria-busy="true">Loading…</p>;
}
