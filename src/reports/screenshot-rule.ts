/**
 * May a report carry a picture of the page? (pure; the one place this is decided,
 * called by the extension before it takes one and by the endpoint before it keeps one)
 *
 * The seed policies forbid copying sexual images (the primary policy: record
 * screenshots "except in the case of images of child sexual abuse"), and
 * taking one is "making" an image in UK law. So a screenshot needs all of:
 * - the school's policy allows it (`reportScreenshots`, off by default);
 * - the page is not an `illegal` or `adult` match;
 * - the reason is KNOWN and is one that cannot point at sexual images.
 *
 * The last rule is an allowlist, not a denylist. "It's rude or unsuitable" is
 * the plainest pointer, but a young child who saw pornography the filter
 * missed says "it upset me" or presses the button without a reason at all;
 * "someone I don't know is contacting me" can be a groomer sending or asking
 * for images; staff "under-blocking" is most often adult content, and a
 * "safeguarding concern" may be indecent imagery, which the DSL's procedure
 * (not a screenshot) must handle. A report with no reason yet (the one-click
 * send) therefore never carries a picture.
 *
 * The endpoint cannot see the OU's policy, so it applies the part it can see:
 * `pictureRefusal(category, reason)`, to every POST and PATCH. A modified
 * client can skip the extension's check; it cannot skip the endpoint's.
 */
import { isSchoolStop, type StopReason } from '../shared/pages';
import type { CategoryId } from '../shared/categories';
import type { ReportReason } from './model';

export const NO_SCREENSHOT_CATEGORIES: readonly CategoryId[] = ['illegal', 'adult'];

/** Bullying evidence that may vanish, and filtering mistakes: the reasons where a picture helps and cannot be a sexual image the reporter is pointing at. */
export const SCREENSHOT_REASONS: readonly ReportReason[] = ['unkind-to-me', 'should-not-be-blocked', 'over-blocking'];

/** Why a picture may not be kept, judged from the report alone (what the endpoint can see). */
export type PictureRefusal = 'category' | 'no-reason-yet' | 'reason';
export type ScreenshotRefusal = 'policy' | PictureRefusal;

/** The rule for a report's page and reason, whatever the school's policy: null when a picture may be kept. */
export function pictureRefusal(category: StopReason | null, reason: ReportReason | null): PictureRefusal | null {
  if (category !== null && !isSchoolStop(category) && NO_SCREENSHOT_CATEGORIES.includes(category)) return 'category';
  if (reason === null) return 'no-reason-yet';
  if (!SCREENSHOT_REASONS.includes(reason)) return 'reason';
  return null;
}

/** The extension's question: the school's policy first, then the rule for the report. */
export function screenshotRefusal(
  policy: { reportScreenshots: boolean } | null,
  category: StopReason | null,
  reason: ReportReason | null,
): ScreenshotRefusal | null {
  if (!policy?.reportScreenshots) return 'policy';
  return pictureRefusal(category, reason);
}

export function mayScreenshot(policy: { reportScreenshots: boolean } | null, category: StopReason | null, reason: ReportReason | null): boolean {
  return screenshotRefusal(policy, category, reason) === null;
}
