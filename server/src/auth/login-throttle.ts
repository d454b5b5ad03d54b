/**
 * Slows password guessing: after five wrong passwords for one username from
 * one address within 15 minutes, that pair is refused (429) until the window
 * passes. In memory: a restart forgets, which is acceptable for one school's
 * server and keeps the database free of attacker-controlled rows.
 */
const WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES = 5;

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  private recent(key: string, now: number): number[] {
    const kept = (this.failures.get(key) ?? []).filter((at) => now - at < WINDOW_MS);
    if (kept.length) this.failures.set(key, kept);
    else this.failures.delete(key);
    return kept;
  }

  blocked(key: string, now: Date): boolean {
    return this.recent(key, now.getTime()).length >= MAX_FAILURES;
  }

  fail(key: string, now: Date): void {
    // Bounded: an attacker cycling usernames cannot grow this without limit.
    if (this.failures.size > 10_000) this.failures.clear();
    this.failures.set(key, [...this.recent(key, now.getTime()), now.getTime()]);
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }
}
