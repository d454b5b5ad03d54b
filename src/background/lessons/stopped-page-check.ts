/**
 * The block and warn pages' fast path: a pupil told "it's open now" lands on
 * the block page, which asks at once. The stopped site is read from the URL
 * Chrome gives for the sender (never from the message), and only a stop a
 * lesson could lift is checked: not `illegal`, not the admin's block list.
 */
import { allowOpening } from '../../overrides/lesson-allows';
import type { LessonCheckReply } from '../../overrides/panel';
import { hostOf, targetOfPage } from '../../reports/page-target';
import type { LessonSync } from './sync';

const NEVER_LIFTED = new Set(['illegal', 'school']);

export async function checkStoppedPage(sender: chrome.runtime.MessageSender, sync: () => Promise<LessonSync | null>): Promise<LessonCheckReply> {
  const target = targetOfPage(sender.url, '', chrome.runtime.id);
  if (!target.stopPage || sender.frameId !== 0 || !target.url) return { opened: false };
  if (target.category !== null && NEVER_LIFTED.has(target.category)) return { opened: false };
  const host = hostOf(target.url);
  if (!host) return { opened: false };
  const synced = await sync();
  return { opened: synced !== null && allowOpening(synced.allows, host, Date.now()) !== undefined };
}
