/**
 * The event model: one envelope for every event, so each log line carries
 * what the DfE filtering standard asks for (device, user, time) whatever its
 * type, and a field for the search term or the content blocked. Shared with
 * the school endpoint, which validates with the same schemas.
 */
import { z } from 'zod';
import { YEAR_GROUPS } from '../policy/year-groups';
import { CATEGORY_IDS } from '../shared/categories';
import { SCHOOL_STOP_REASONS } from '../shared/pages';
import { MAX_TITLE_CHARS } from './page-title';

export const deviceSchema = z.object({
  directoryId: z.string().max(200),
  serialNumber: z.string().max(200),
  assetId: z.string().max(200),
});

export const envelopeSchema = z.object({
  id: z.uuid(),
  time: z.iso.datetime(),
  user: z.string().max(320),
  device: deviceSchema,
  yearGroup: z.enum(YEAR_GROUPS).nullable(),
  role: z.enum(['pupil', 'staff']),
  extensionVersion: z.string().max(40),
});

const category = z.enum(CATEGORY_IDS);
/** Why a page was stopped: a category, or one of the school's own block lists (src/shared/pages.ts). */
const stopReason = z.union([category, z.enum(SCHOOL_STOP_REASONS)]);
const host = z.string().max(253);
/** The full address, present only when the policy's logging detail is `full`. */
const fullUrl = z.string().max(4096).optional();

export const policyProblemSchema = z.object({
  path: z.string(),
  message: z.string(),
  severity: z.enum(['error', 'warning']),
});

export const policyEventSchema = envelopeSchema.extend({
  type: z.literal('policy'),
  status: z.enum(['applied', 'error']),
  /** sha256 of the repaired policy and its problems: the same on every device of an OU with the same policy. */
  policyHash: z.string().regex(/^[0-9a-f]{64}$/),
  strictest: z.boolean(),
  problems: z.array(policyProblemSchema),
});

/** A main-frame navigation that committed. */
export const navigationEventSchema = envelopeSchema.extend({
  type: z.literal('navigation'),
  host,
  url: fullUrl,
  /** The page's title, present only when the policy's logging detail is `full` (src/events/page-title.ts). */
  title: z.string().max(MAX_TITLE_CHARS).optional(),
});

/** A search, with its term: the DfE standard asks for the search term. */
export const searchEventSchema = envelopeSchema.extend({
  type: z.literal('search'),
  engine: z.enum(['google', 'bing', 'duckduckgo', 'youtube', 'other']),
  query: z.string().max(2048),
  host,
});

/**
 * Present when the stop was the on-device classifier's (src/filter/classifier/): no list named the
 * host, the model scored it as looking like `category`. The score is the model's, 0 to 1.
 */
const classified = z.strictObject({ score: z.number().min(0).max(1) }).optional();

/** A page the pupil was stopped at: the content blocked. */
export const blockEventSchema = envelopeSchema.extend({
  type: z.literal('block'),
  category: stopReason,
  host,
  url: fullUrl,
  classifier: classified,
});

export const warnEventSchema = envelopeSchema.extend({
  type: z.literal('warn'),
  category,
  host,
  url: fullUrl,
  classifier: classified,
});

/**
 * A pupil's choice on a warn page. `host` is always recorded; `url` only
 * when the policy's logging detail is `full`.
 */
export const warnDecisionEventSchema = envelopeSchema.extend({
  type: z.literal('warn-decision'),
  decision: z.enum(['continue', 'back']),
  category,
  host,
  url: fullUrl,
  /** Set when "Continue" was asked for but the worker refused it. */
  refused: z.string().max(60).optional(),
});

/** A pointer to a report: the report itself travels on its own channel. */
export const reportEventSchema = envelopeSchema.extend({
  type: z.literal('report'),
  reportId: z.uuid(),
  category: stopReason.nullable(),
  host,
});

/** A teacher's lesson allowlist reaching this device, or leaving it. */
export const overrideEventSchema = envelopeSchema.extend({
  type: z.literal('override'),
  overrideId: z.string().max(100),
  status: z.enum(['applied', 'expired', 'ended']),
  domains: z.array(host).max(100),
  expiresAt: z.iso.datetime(),
});

/** Proof of life: a device whose heartbeats stop is off the filter or tampered with. */
export const heartbeatEventSchema = envelopeSchema.extend({
  type: z.literal('heartbeat'),
  /** The same sha256 the `policy` event carries; null before the first policy is applied. */
  policyHash: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
  enabledRulesets: z.int().min(0),
  dynamicRules: z.int().min(0),
  queueDepth: z.int().min(0),
});

/** What the queue had to let go when full, so loss is never silent. */
export const droppedEventSchema = envelopeSchema.extend({
  type: z.literal('dropped'),
  count: z.int().min(1),
  byType: z.record(z.string(), z.int().min(0)),
  oldest: z.iso.datetime(),
  newest: z.iso.datetime(),
});

export const eventSchema = z.discriminatedUnion('type', [
  navigationEventSchema,
  searchEventSchema,
  blockEventSchema,
  warnEventSchema,
  warnDecisionEventSchema,
  reportEventSchema,
  overrideEventSchema,
  policyEventSchema,
  heartbeatEventSchema,
  droppedEventSchema,
]);

export type Envelope = z.infer<typeof envelopeSchema>;
export type PolicyEvent = z.infer<typeof policyEventSchema>;
export type NavigationEvent = z.infer<typeof navigationEventSchema>;
export type WarnDecisionEvent = z.infer<typeof warnDecisionEventSchema>;
export type FilterEvent = z.infer<typeof eventSchema>;
export type EventType = FilterEvent['type'];

/** Navigation is the bulk and the least precious; these are never evicted to make room. */
export const PROTECTED_EVENT_TYPES: readonly EventType[] = ['block', 'warn', 'warn-decision', 'report', 'override', 'policy', 'dropped'];
