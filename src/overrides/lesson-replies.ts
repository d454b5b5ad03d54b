/**
 * What the endpoint answered to "open" or "end", in words a teacher can act
 * on (pure). Status meanings are the wire contract's (src/events/wire.ts,
 * src/overrides/model.ts): 422 is the school's rules refusing, 403 a token
 * without the staff scope, 5xx / 429 / no answer worth another try.
 */
import { errorReplySchema } from '../events/wire';
import { waitWords } from '../shared/wait-words';
import { overrideSchema } from './model';
import type { LessonCreateReply, LessonEndReply, LessonPanelUnavailable, RefusalIssue } from './panel';
import { proofRefusalOf, proofRefusalReason } from '../identity/proof-refusal';

/**
 * One request's outcome as the worker saw it: a status and parsed JSON body (and, on a 429, how long the
 * endpoint's Retry-After asked to wait), or no answer at all.
 */
export type EndpointAnswer = { status: number; body: unknown; retryAfterMs?: number } | { status: null; error: string };


export function isWorthRetrying(answer: EndpointAnswer): boolean {
  return answer.status === null || answer.status === 408 || answer.status === 429 || answer.status >= 500;
}

function refusalIssues(body: unknown): { error: string; issues: RefusalIssue[] } {
  const parsed = errorReplySchema.safeParse(body);
  return parsed.success ? { error: parsed.data.error, issues: parsed.data.issues ?? [] } : { error: '', issues: [] };
}

/** Why the request failed, for either action; `outcome` is "nothing was opened" or "it is still open". */
function failureWording(answer: EndpointAnswer, outcome: string): { error: string; issues: RefusalIssue[] } {
  if (answer.status === null) return { error: `Could not reach the school's endpoint, so ${outcome}. Check the connection and try again.`, issues: [] };
  const { error, issues } = refusalIssues(answer.body);
  switch (answer.status) {
    case 400:
      return { error: `The school's endpoint could not read the request (${error || 'no detail'}), so ${outcome}.`, issues };
    case 401:
      return { error: `The school's endpoint did not recognise this device's token, so ${outcome}. Ask the IT Lead to check the endpoint token in the policy.`, issues: [] };
    case 403:
      return {
        error: `This device's endpoint token is not a staff token, so ${outcome}. Ask the IT Lead to give staff devices the staff token.`,
        issues: [],
      };
    case 422:
      return { error: `The school does not allow this, so ${outcome}.`, issues };
    case 429:
      // The endpoint's write limit (server/src/limits/write-limits.ts): its words say which limit; its Retry-After says when.
      return {
        error: `The school's endpoint is limiting allowlist changes${error ? ` (${error})` : ''}, so ${outcome}. ${
          answer.retryAfterMs === undefined ? 'Try again in a minute.' : `Try again in ${waitWords(answer.retryAfterMs)}.`
        }`,
        issues: [],
      };
    default:
      if (isWorthRetrying(answer)) return { error: `The school's endpoint is busy or having a problem (HTTP ${answer.status}), so ${outcome}. Try again in a minute.`, issues: [] };
      return { error: `The school's endpoint refused this (HTTP ${answer.status}${error ? `: ${error}` : ''}), so ${outcome}.`, issues };
  }
}

const NOT_UNDERSTOOD = "The school's endpoint answered in a way this extension does not understand. Ask the IT Lead whether the endpoint needs updating.";

/** How each action's failure sentence ends. */
export const NOTHING_OPENED = 'nothing was opened';
export const STILL_OPEN = 'it is still open';

export function createReplyOf(answer: EndpointAnswer): LessonCreateReply {
  if (answer.status !== null && answer.status >= 200 && answer.status < 300) {
    const override = overrideSchema.safeParse(answer.body);
    return override.success ? { ok: true, override: override.data } : { ok: false, error: NOT_UNDERSTOOD, issues: [] };
  }
  return { ok: false, ...failureWording(answer, NOTHING_OPENED) };
}

export function endReplyOf(answer: EndpointAnswer): LessonEndReply {
  if (answer.status !== null && answer.status >= 200 && answer.status < 300) {
    const override = overrideSchema.safeParse(answer.body);
    return override.success ? { ok: true, override: override.data } : { ok: false, error: NOT_UNDERSTOOD };
  }
  if (answer.status === 404) return { ok: false, error: "The school's endpoint has no such allowlist. It may already be over; refresh the list." };
  return { ok: false, error: failureWording(answer, STILL_OPEN).error };
}

/** Endpoint issues name the request's domains by index; the page wants the row the teacher typed it in. */
export function issuesForRows(issues: readonly RefusalIssue[], rowOfDomain: readonly number[]): RefusalIssue[] {
  return issues.map((issue) => {
    const match = /^domains\.(\d+)$/.exec(issue.path);
    const row = match ? rowOfDomain[Number(match[1])] : undefined;
    return row === undefined ? issue : { ...issue, path: `domains.${row}` };
  });
}

/** Why a list on the panel (classes, the teacher's open allowlists) is missing, as the end of a sentence. */
export function loadFailure(answer: EndpointAnswer): string {
  if (answer.status === null) return "the school's endpoint could not be reached";
  const refusal = proofRefusalOf(answer);
  // Lists load without a click, so no fresh proof is asked for here; opening or ending an allowlist does.
  if (refusal) return `your school account could not be confirmed: ${proofRefusalReason(refusal)}`;
  if (answer.status === 403) return "this device's endpoint token is not a staff token";
  if (answer.status >= 200 && answer.status < 300) return "the school's endpoint answered in a way this extension does not understand";
  return `the school's endpoint answered HTTP ${answer.status}`;
}

/** A create or end refused before anything was sent, for the same reasons the panel is not offered. */
export const UNAVAILABLE_WORDING: Record<LessonPanelUnavailable, string> = {
  'not-staff': 'Only staff can open or end lesson allowlists.',
  'no-endpoint': "This device's policy names no school endpoint, so lesson allowlists cannot be opened. Ask the IT Lead.",
  'not-signed-in': 'Sign in to Chrome with your school account first: an allowlist records who opened it.',
};
