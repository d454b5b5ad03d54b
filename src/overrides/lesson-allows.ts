/**
 * Lesson allowlists on a pupil's device (pure): what the endpoint's reply
 * means here, what changed since the last reply (for the log), when the next
 * one ends, and whether one opens a given site. The adapter is
 * src/background/lessons/pupil-allows.ts.
 */
import type { LessonAllow } from '../filter/plan';
import { hostMatchesDomain } from '../shared/domain';
import type { DeviceOverride } from './model';

/**
 * The endpoint's allowlists that are in force now, as the device holds them.
 * The endpoint sends only those in force and never ended ones; the times are
 * checked again here because the device's clock is the one that ends them.
 */
export function lessonAllowsOf(overrides: readonly DeviceOverride[], now: number): LessonAllow[] {
  return overrides
    .filter((override) => Date.parse(override.startsAt) <= now && now < Date.parse(override.endsAt))
    .map((override) => ({ id: override.id, domains: [...override.domains], expiresAt: Date.parse(override.endsAt) }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

export function inForce(allows: readonly LessonAllow[], now: number): LessonAllow[] {
  return allows.filter((allow) => allow.expiresAt > now);
}

export interface LessonAllowChanges {
  applied: LessonAllow[];
  /** Ran out of time. */
  expired: LessonAllow[];
  /** Gone from the endpoint's reply before its time: a teacher pressed "End now". */
  ended: LessonAllow[];
}

export function lessonAllowChanges(previous: readonly LessonAllow[], next: readonly LessonAllow[], now: number): LessonAllowChanges {
  const nextIds = new Set(next.map((allow) => allow.id));
  const previousIds = new Set(previous.map((allow) => allow.id));
  const removed = previous.filter((allow) => !nextIds.has(allow.id));
  return {
    applied: next.filter((allow) => !previousIds.has(allow.id)),
    expired: removed.filter((allow) => allow.expiresAt <= now),
    ended: removed.filter((allow) => allow.expiresAt > now),
  };
}

export function hasChanges(changes: LessonAllowChanges): boolean {
  return changes.applied.length + changes.expired.length + changes.ended.length > 0;
}

/** When the next allowlist ends, for the expiry alarm; null when none is held. */
export function nextExpiry(allows: readonly LessonAllow[]): number | null {
  return allows.reduce<number | null>((soonest, allow) => (soonest === null || allow.expiresAt < soonest ? allow.expiresAt : soonest), null);
}

/** The allowlist in force that opens `host`, if any (a locked subdomain it excludes stays shut). */
export function allowOpening(allows: readonly LessonAllow[], host: string, now: number): LessonAllow | undefined {
  return inForce(allows, now).find(
    (allow) =>
      allow.domains.some((domain) => hostMatchesDomain(host, domain)) &&
      !(allow.excludedDomains ?? []).some((excluded) => hostMatchesDomain(host, excluded)),
  );
}
