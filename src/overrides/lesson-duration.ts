/**
 * How long a lesson allowlist lasts: the presets a teacher picks from, capped
 * by the policy's maximum (pure). The endpoint has its own maximum and refuses
 * past it; capping here means a teacher never meets that refusal for a length
 * the panel offered.
 */
import { LESSON_PRESET_MINUTES } from './model';

/**
 * The presets no longer than `maxMinutes`, plus the maximum itself when it
 * falls short of the longest preset: a school allowing 45 minutes offers
 * 30 and 45, one allowing 20 offers 20, so a teacher can always pick the
 * longest the school allows.
 */
export function lessonPresets(maxMinutes: number): number[] {
  const max = Math.max(1, Math.floor(maxMinutes));
  const within: number[] = LESSON_PRESET_MINUTES.filter((minutes) => minutes <= max);
  const longest = LESSON_PRESET_MINUTES[LESSON_PRESET_MINUTES.length - 1]!;
  return max < longest && !within.includes(max) ? [...within, max] : within;
}

/** What the worker sends: never longer than the policy allows, never under a minute. */
export function capLessonMinutes(minutes: number, maxMinutes: number): number {
  return Math.max(1, Math.min(Math.floor(minutes), Math.floor(maxMinutes)));
}

/** A typical English lesson; the panel starts on the offered preset nearest to it. */
export const TYPICAL_LESSON_MINUTES = 50;

export function defaultLessonPreset(presets: readonly number[]): number {
  return presets.reduce((best, minutes) => (Math.abs(minutes - TYPICAL_LESSON_MINUTES) < Math.abs(best - TYPICAL_LESSON_MINUTES) ? minutes : best), presets[0] ?? TYPICAL_LESSON_MINUTES);
}
