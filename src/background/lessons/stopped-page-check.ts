/**
 * The block and warn pages' fast path: a pupil told "it's open now" lands on
 * the block page, which asks at once. The stopped site is read from the URL
 * Chrome gives for the sender (never from the message), and only what could
 * have lifted this stop is asked for:
 *
 * - a category stop: a lesson allowlist or the school's allow list (the
 *   dashboard's) may now open it, unless the school's block list names it;
 * - the dashboard's block list (`school-list`): the IT Lead may have removed
 *   or narrowed the entry;
 * - never `illegal` or the policy's blockDomains (`school`): nothing on the
 *   endpoint can lift those.
 */
import { allowOpening } from '../../overrides/lesson-allows';
import type { LessonCheckReply } from '../../overrides/panel';
import { hostOf, targetOfPage } from '../../reports/page-target';
import { listCovers } from '../../school-lists/device-lists';
import type { SchoolListSync } from '../school-lists/sync';
import type { LessonSync } from './sync';

const NEVER_LIFTED = new Set(['illegal', 'school']);

export interface StoppedPageSyncs {
  lessons: () => Promise<LessonSync | null>;
  schoolLists: () => Promise<SchoolListSync | null>;
}

export async function checkStoppedPage(sender: chrome.runtime.MessageSender, syncs: StoppedPageSyncs): Promise<LessonCheckReply> {
  const target = targetOfPage(sender.url, '', chrome.runtime.id);
  if (!target.stopPage || sender.frameId !== 0 || !target.url) return { opened: false };
  if (target.category !== null && NEVER_LIFTED.has(target.category)) return { opened: false };
  const host = hostOf(target.url);
  if (!host) return { opened: false };
  if (target.category === 'school-list') {
    const school = await syncs.schoolLists();
    return school !== null && school.error === null && !listCovers(school.input, 'block', target.url) ? { opened: true, by: 'school' } : { opened: false };
  }
  const [lessons, school] = await Promise.all([syncs.lessons(), syncs.schoolLists()]);
  if (school !== null && listCovers(school.input, 'block', target.url)) return { opened: false };
  if (lessons !== null && allowOpening(lessons.allows, host, Date.now()) !== undefined) return { opened: true, by: 'lesson' };
  if (school !== null && listCovers(school.input, 'allow', target.url)) return { opened: true, by: 'school' };
  return { opened: false };
}
