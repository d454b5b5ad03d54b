/**
 * Whether the endpoint takes a pupil's follow-up to their report (PATCH), and
 * what it stores (pure; the store reads the report and carries this out in
 * one transaction).
 *
 * A report's words are evidence. So:
 * - only the device that sent the report may add to it: it proves so with the
 *   report's follow-up secret, whose sha256 the POST left (the device token
 *   cannot: a whole OU shares it, and the device ids in a body are the
 *   client's claim). A report sent without a secret takes no follow-ups;
 * - once staff have acted on the report (a status change or a note) it takes
 *   no more: what they read and acted on stays what the report says. A time
 *   window after receipt was the other choice, but a device that went offline
 *   after its POST sends its follow-up when it is back, maybe the next day,
 *   and nobody has read the report yet; refusing that would lose words nobody
 *   has seen, for no safeguarding gain;
 * - every change of words is a new version, never an overwrite (the store
 *   keeps them all); a follow-up that repeats the words the endpoint holds
 *   (a retry after a lost reply) stores nothing, even after triage.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Report, ReportReason } from '../../../src/reports/model';
import { pictureRefusal } from '../../../src/reports/screenshot-rule';
import { isUrgent } from '../../../src/reports/model';
import type { TokenScope } from '../config/schema';
import { screenshotRefusedNote } from './screenshot-note';

export interface PupilWords {
  reason: ReportReason | null;
  comment: string | null;
}

/** What the endpoint holds about a report when a follow-up arrives. */
export interface HeldReport {
  tokenScope: string;
  followUpSecretSha256: string | null;
  category: Report['category'];
  urgent: boolean;
  hasScreenshot: boolean;
  /** The newest version of the pupil's words. */
  words: PupilWords;
  /** A member of staff has changed its status or added a note. */
  staffHaveActed: boolean;
}

export interface FollowUpRequest {
  tokenScope: TokenScope;
  followUpSecretSha256: string | null;
  words: PupilWords;
  hasScreenshot: boolean;
}

export type FollowUpRefusal = 'wrong-scope' | 'wrong-secret' | 'triage-started';

export type FollowUpDecision =
  | { kind: 'refused'; refusal: FollowUpRefusal }
  /** Nothing to store: the same words, and no picture that could be kept. */
  | { kind: 'nothing-new' }
  | { kind: 'apply'; newWords: boolean; keepScreenshot: boolean; urgent: boolean; screenshotNote: string | null };

export function followUpSecretSha256(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

function sameSecret(held: string | null, offered: string | null): boolean {
  if (held === null || offered === null) return false;
  const a = Buffer.from(held, 'hex');
  const b = Buffer.from(offered, 'hex');
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}

export function decideFollowUp(held: HeldReport, request: FollowUpRequest): FollowUpDecision {
  if (held.tokenScope !== request.tokenScope) return { kind: 'refused', refusal: 'wrong-scope' };
  if (!sameSecret(held.followUpSecretSha256, request.followUpSecretSha256)) return { kind: 'refused', refusal: 'wrong-secret' };

  const newWords = held.words.reason !== request.words.reason || held.words.comment !== request.words.comment;
  // The device's screenshot rule, applied again (the endpoint cannot see the OU's policy, but it sees the
  // category and the reason). One picture per report: a second is ignored.
  const refusal = request.hasScreenshot ? pictureRefusal(held.category, request.words.reason) : null;
  const keepScreenshot = request.hasScreenshot && !held.hasScreenshot && refusal === null;
  if (!newWords && !keepScreenshot) return { kind: 'nothing-new' };
  if (held.staffHaveActed) return { kind: 'refused', refusal: 'triage-started' };

  const screenshotNote = !request.hasScreenshot
    ? null
    : keepScreenshot
      ? 'screenshot added'
      : refusal
        ? screenshotRefusedNote(refusal)
        : 'a second screenshot ignored (one per report)';
  return {
    kind: 'apply',
    newWords,
    keepScreenshot,
    // A follow-up never makes an urgent report non-urgent.
    urgent: held.urgent || isUrgent({ reason: request.words.reason, category: held.category }),
    screenshotNote,
  };
}
