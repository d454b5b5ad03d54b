/**
 * `lesson/create` and `lesson/end`: the teacher's two actions, checked here
 * whatever the page checked (role, domains, locked categories, the policy's
 * maximum), then sent to the endpoint, which stores the audit trail.
 */
import { type EndpointAnswer, createReplyOf, endReplyOf, issuesForRows, NOTHING_OPENED, STILL_OPEN, UNAVAILABLE_WORDING } from '../../overrides/lesson-replies';
import { categoriesToCheck, lockedDomainIssues } from '../../overrides/lesson-locked';
import { buildLessonRequest, type LessonForm } from '../../overrides/lesson-request';
import { API_PATHS } from '../../events/wire';
import { overrideEndPath } from '../../overrides/model';
import type { LessonCreateReply, LessonEndReply } from '../../overrides/panel';
import { mayMendWithFreshProof, proofRefusalOf, proofRefusalWording, proofUnavailableWording } from '../../identity/proof-refusal';
import type { HeldProof } from '../../identity/proof-flow';
import type { Endpoint } from '../endpoint';
import { currentProof, forgetProof, obtainProof } from '../identity-proof';
import { ACTION_TIMEOUT_MS, callEndpoint } from './endpoint-call';
import { lockedLists } from './locked-lists';
import { type TeacherDeps, teacherContext } from './teacher-context';

/**
 * Both actions are idempotent at the endpoint (create by id; only the first end
 * counts), so a request that got no answer is sent once more as it was: the
 * first may have arrived and only its answer been lost.
 */
async function postOnceMore(endpoint: Endpoint, path: string, body: unknown, proof: HeldProof | null): Promise<EndpointAnswer> {
  const first = await callEndpoint(endpoint, path, { body, timeoutMs: ACTION_TIMEOUT_MS, proof });
  return first.status === null ? callEndpoint(endpoint, path, { body, timeoutMs: ACTION_TIMEOUT_MS, proof }) : first;
}

/**
 * Sent with the held (or a silently obtained) proof. When the endpoint refuses the proof in a way a fresh
 * one can mend, a teacher has just clicked, so the issuer may now show its page: one fresh proof, one
 * more try. Whatever the proof problem still is then becomes the panel's sentence.
 */
async function postWithProof(endpoint: Endpoint, path: string, body: unknown, outcome: string): Promise<{ answer: EndpointAnswer } | { error: string }> {
  const answer = await postOnceMore(endpoint, path, body, await currentProof());
  const refusal = proofRefusalOf(answer);
  if (!refusal) return { answer };
  await forgetProof();
  if (!mayMendWithFreshProof(refusal)) return { error: proofRefusalWording(refusal, outcome) };
  const fresh = await obtainProof({ interactive: true });
  if (!fresh.ok) return { error: proofUnavailableWording(fresh.why, outcome) };
  const again = await postOnceMore(endpoint, path, body, fresh.proof);
  const still = proofRefusalOf(again);
  return still ? { error: proofRefusalWording(still, outcome) } : { answer: again };
}

export async function createLesson(deps: TeacherDeps, form: LessonForm): Promise<LessonCreateReply> {
  const context = await teacherContext(deps);
  if (!context.ok) return { ok: false, error: UNAVAILABLE_WORDING[context.why], issues: [] };
  const built = buildLessonRequest(form, {
    id: crypto.randomUUID(),
    teacher: context.teacher,
    now: new Date(),
    maxMinutes: context.profile.lessonAllowlists.maxMinutes,
  });
  if (!built.ok) return { ok: false, error: 'Please check the form: nothing was opened.', issues: built.issues };

  const lists = await lockedLists(categoriesToCheck(context.profile.lockedCategories)).catch(() => null);
  // Never open what could not be checked.
  if (!lists) return { ok: false, error: "The extension could not read its own lists to check these websites, so nothing was opened. Try again.", issues: [] };
  const locked = lockedDomainIssues(built.request.domains, built.rows, lists);
  if (locked.length > 0) return { ok: false, error: 'Some of these websites can never be opened for a lesson, so nothing was opened.', issues: locked };

  const sent = await postWithProof(context.endpoint, API_PATHS.overrides, built.request, NOTHING_OPENED);
  if ('error' in sent) return { ok: false, error: sent.error, issues: [] };
  const reply = createReplyOf(sent.answer);
  return reply.ok ? reply : { ...reply, issues: issuesForRows(reply.issues, built.rows) };
}

export async function endLesson(deps: TeacherDeps, id: string): Promise<LessonEndReply> {
  const context = await teacherContext(deps);
  if (!context.ok) return { ok: false, error: UNAVAILABLE_WORDING[context.why] };
  const sent = await postWithProof(context.endpoint, overrideEndPath(id), { endedBy: context.teacher }, STILL_OPEN);
  return 'error' in sent ? { ok: false, error: sent.error } : endReplyOf(sent.answer);
}
