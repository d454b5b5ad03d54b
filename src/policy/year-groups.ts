/**
 * English school years: Reception, then Years 1 to 13, grouped in key stages.
 * The academic year starts on 1 September (a pupil moves up overnight from
 * 31 August to 1 September).
 */
export const YEAR_GROUPS = ['R', 'Y1', 'Y2', 'Y3', 'Y4', 'Y5', 'Y6', 'Y7', 'Y8', 'Y9', 'Y10', 'Y11', 'Y12', 'Y13'] as const;
export type YearGroup = (typeof YEAR_GROUPS)[number];

export const KEY_STAGES = ['EYFS', 'KS1', 'KS2', 'KS3', 'KS4', 'KS5'] as const;
export type KeyStage = (typeof KEY_STAGES)[number];

export function isYearGroup(value: unknown): value is YearGroup {
  return typeof value === 'string' && (YEAR_GROUPS as readonly string[]).includes(value);
}

export function keyStageOf(yearGroup: YearGroup): KeyStage {
  const index = YEAR_GROUPS.indexOf(yearGroup);
  if (index === 0) return 'EYFS';
  if (index <= 2) return 'KS1';
  if (index <= 6) return 'KS2';
  if (index <= 9) return 'KS3';
  if (index <= 11) return 'KS4';
  return 'KS5';
}

/** The calendar year in which the current academic year began (months are 0-based: 8 is September). */
export function academicYearStart(now: Date): number {
  return now.getMonth() >= 8 ? now.getFullYear() : now.getFullYear() - 1;
}

export interface YearGroupRule {
  /** A regular expression with a named group `intake`: the year (2 or 4 digits) the pupil joined. */
  pattern: string;
  /** The year group pupils join in their intake year: `R` for a primary school, `Y7` for most secondaries. */
  intakeYearGroup: YearGroup;
}

export type Derivation =
  | { ok: true; yearGroup: YearGroup }
  | { ok: false; reason: 'no-email' | 'bad-pattern' | 'no-match' | 'leaver' | 'not-started'; detail: string };

/**
 * Derives a pupil's year group from their school email when OUs are not split
 * by year, e.g. `21jsmith@school.org.uk` with pattern `^(?<intake>\d{2})` and
 * intake year group Y7 is in Y7 for 2021-22, Y8 for 2022-23, ... A failure is
 * returned, never guessed: the caller applies the strictest pupil profile.
 */
export function deriveYearGroup(email: string, rule: YearGroupRule, now: Date): Derivation {
  if (!email) return { ok: false, reason: 'no-email', detail: 'no signed-in email to derive a year group from' };
  let match: RegExpExecArray | null;
  try {
    match = new RegExp(rule.pattern, 'i').exec(email);
  } catch (error) {
    return { ok: false, reason: 'bad-pattern', detail: `pattern is not a valid regular expression: ${(error as Error).message}` };
  }
  const intakeText = match?.groups?.intake;
  if (!match || intakeText === undefined) {
    return { ok: false, reason: 'no-match', detail: `email ${email} does not match the year-group pattern` };
  }
  if (!/^\d{2}(\d{2})?$/.test(intakeText)) {
    return { ok: false, reason: 'no-match', detail: `intake "${intakeText}" in ${email} is not a 2- or 4-digit year` };
  }
  const intake = intakeText.length === 2 ? 2000 + Number(intakeText) : Number(intakeText);
  const index = YEAR_GROUPS.indexOf(rule.intakeYearGroup) + (academicYearStart(now) - intake);
  if (index >= YEAR_GROUPS.length) {
    return { ok: false, reason: 'leaver', detail: `intake ${intake} has left Year 13` };
  }
  if (index < YEAR_GROUPS.indexOf(rule.intakeYearGroup)) {
    return { ok: false, reason: 'not-started', detail: `intake ${intake} has not started yet` };
  }
  return { ok: true, yearGroup: YEAR_GROUPS[index]! };
}
