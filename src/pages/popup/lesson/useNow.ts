/**
 * The time, renewed every `intervalMs` while the popup is open so "time left"
 * and "until" stay true; `renew` after an action, so a list just changed is
 * not shown against a clock up to one interval old.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';

export function useNow(intervalMs: number): { now: Date; renew: () => void } {
  const [now, setNow] = useState(() => new Date());
  const renew = useCallback(() => setNow(new Date()), []);
  useEffect(() => {
    const timer = setInterval(renew, intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs, renew]);
  return { now, renew };
}
