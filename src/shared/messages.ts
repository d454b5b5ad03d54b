/**
 * Typed messages between extension pages and the service worker (Bitwarden's
 * pattern: one union, validated on arrival). Trust is decided by the sender's
 * id and origin as Chrome reports them, never by anything inside the message.
 */
import { z } from 'zod';
import type { Audience } from '../filter/catalogue';
import type { SiteListing } from '../filter/site-listings';
import type { ContinueRefusal } from '../filter/warn-continue';
import { reportCommentSchema, reportReasonSchema, type Report, type ReportReason } from '../reports/model';
import type { Delivery } from '../reports/outbox-record';
import { MAX_OVERRIDE_DOMAINS, overrideAudienceSchema } from '../overrides/model';
import type { LessonCheckReply, LessonCreateReply, LessonEndReply, LessonPanelView } from '../overrides/panel';
import type { StatusView } from './status';

const stoppedPage = { url: z.string().max(8192), category: z.string().max(40) };

export const messageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('status/get') }),
  /** The status page asks which of this device's lists name a site (the IT Lead types it). */
  z.object({ type: z.literal('status/site'), address: z.string().max(4096) }),
  z.object({ type: z.literal('page/context') }),
  z.object({ type: z.literal('warn/continue'), ...stoppedPage }),
  z.object({ type: z.literal('warn/back'), ...stoppedPage }),
  /** The popup's one click: report what this tab shows (the popup knows its tab; the worker reads the page from Chrome). */
  z.object({ type: z.literal('report/tab'), tabId: z.int().min(0) }),
  /** "I think this is wrong" on a block or warn page: the worker reads the stopped page from the sender's own URL, not from the message. */
  z.object({ type: z.literal('report/stopped-page') }),
  z.object({ type: z.literal('report/follow-up'), id: z.uuid(), reason: reportReasonSchema, comment: reportCommentSchema }),
  z.object({ type: z.literal('report/get'), id: z.uuid() }),
  /** The teacher's "Allow for this lesson" panel (staff only; the worker checks the role, not the page). */
  z.object({ type: z.literal('lesson/panel'), tabId: z.int().min(0).nullable() }),
  z.object({
    type: z.literal('lesson/create'),
    domains: z.array(z.string().max(253)).min(1).max(MAX_OVERRIDE_DOMAINS),
    audience: overrideAudienceSchema,
    minutes: z.int().min(1).max(24 * 60),
    reason: z.string().max(500),
  }),
  z.object({ type: z.literal('lesson/end'), id: z.uuid() }),
  /** A block or warn page asks: has a lesson allowlist opened this site since? (the site is read from the sender's URL) */
  z.object({ type: z.literal('lesson/check') }),
]);

export type Message = z.infer<typeof messageSchema>;

/** What the block and warn pages need to speak to this user. */
export interface PageContext {
  audience: Audience;
  contact: string;
  schoolName: string;
  warnContinueMinutes: number;
}

export type ContinueReply = { ok: true; expiresAt: number } | { ok: false; reason: ContinueRefusal | 'no-tab' | 'too-many' };

/** What a page shows about one report. */
export interface ReportView {
  id: string;
  delivery: Delivery;
  reason: ReportReason | null;
  comment: string | null;
  urgent: boolean;
  category: Report['category'];
  /** A picture of the page goes (or went) with it. */
  screenshot: boolean;
  /** Staff had already started on the report when a follow-up reached the endpoint: it was not added. */
  followUpClosed: boolean;
}

/** Which lists name a site, in order of authority (src/filter/site-listings.ts), each in words. */
export type SiteLookupReply = { ok: true; host: string; listings: (SiteListing & { words: string })[] } | { ok: false; error: string };

/** What the worker answers to each message type. */
export interface Responses {
  'status/get': StatusView;
  'status/site': SiteLookupReply;
  'page/context': PageContext;
  'warn/continue': ContinueReply;
  'warn/back': { ok: true };
  'report/tab': ReportView;
  'report/stopped-page': ReportView;
  'report/follow-up': ReportView;
  'report/get': ReportView | null;
  'lesson/panel': LessonPanelView;
  'lesson/create': LessonCreateReply;
  'lesson/end': LessonEndReply;
  'lesson/check': LessonCheckReply;
}

/** Only our own extension pages may talk to the worker: not web pages, not other extensions. */
export function isTrustedSender(sender: chrome.runtime.MessageSender, extensionId: string): boolean {
  if (sender.id !== extensionId) return false;
  const origin = sender.origin ?? (sender.url ? new URL(sender.url).origin : undefined);
  return origin === `chrome-extension://${extensionId}`;
}
