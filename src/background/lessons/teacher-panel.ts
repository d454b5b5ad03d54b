/**
 * `lesson/panel`: what the teacher's "Allow for this lesson" panel shows.
 * The classes and the teacher's open allowlists come from the endpoint, each
 * with a short timeout; a list that cannot be loaded becomes a sentence on
 * the panel, and the form still works without it.
 */
import { lessonPresets } from '../../overrides/lesson-duration';
import { suggestedLessonDomain } from '../../overrides/lesson-domains';
import { type EndpointAnswer, loadFailure } from '../../overrides/lesson-replies';
import { activeOverridesReplySchema, CLASSES_PATH, classesReplySchema, teacherOverridesPath } from '../../overrides/model';
import type { LessonPanelView } from '../../overrides/panel';
import { YEAR_GROUPS } from '../../policy/year-groups';
import { targetOfPage } from '../../reports/page-target';
import { currentProof } from '../identity-proof';
import { callEndpoint, LIST_TIMEOUT_MS } from './endpoint-call';
import { type TeacherDeps, teacherContext } from './teacher-context';

/** The site the tab shows; on our block or warn page, the site it stopped (what a teacher most wants to open). */
async function tabSite(tabId: number | null): Promise<string | null> {
  if (tabId === null) return null;
  try {
    const tab = await chrome.tabs.get(tabId);
    const { url } = targetOfPage(tab.url ?? tab.pendingUrl, tab.title, chrome.runtime.id);
    return suggestedLessonDomain(url);
  } catch {
    return null;
  }
}

function parsed<T>(answer: EndpointAnswer, schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } }): T | null {
  if (answer.status === null || answer.status < 200 || answer.status >= 300) return null;
  const result = schema.safeParse(answer.body);
  return result.success ? result.data : null;
}

export async function lessonPanel(deps: TeacherDeps, tabId: number | null): Promise<LessonPanelView> {
  const context = await teacherContext(deps);
  if (!context.ok) return { available: false, why: context.why };
  const { endpoint, teacher, profile } = context;
  const proof = await currentProof();
  const [classesAnswer, activeAnswer, suggestedDomain] = await Promise.all([
    callEndpoint(endpoint, CLASSES_PATH, { timeoutMs: LIST_TIMEOUT_MS, proof }),
    callEndpoint(endpoint, teacherOverridesPath(teacher), { timeoutMs: LIST_TIMEOUT_MS, proof }),
    tabSite(tabId),
  ]);
  const classes = parsed(classesAnswer, classesReplySchema);
  const active = parsed(activeAnswer, activeOverridesReplySchema);
  const maxMinutes = profile.lessonAllowlists.maxMinutes;
  return {
    available: true,
    teacher,
    suggestedDomain,
    presetMinutes: lessonPresets(maxMinutes),
    maxMinutes,
    yearGroups: YEAR_GROUPS,
    classes: classes?.classes ?? [],
    classesError: classes ? null : `Classes could not be loaded: ${loadFailure(classesAnswer)}. Choose year groups or name pupils instead.`,
    // Soonest to end first: the one a teacher may want to end or extend is at the top.
    active: active ? [...active.overrides].sort((a, b) => Date.parse(a.endsAt) - Date.parse(b.endsAt)) : null,
    activeError: active ? null : `Your open allowlists could not be loaded: ${loadFailure(activeAnswer)}.`,
  };
}
