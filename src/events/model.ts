/**
 * The event model: one envelope for every event, so each log line carries
 * what the DfE filtering standard asks for (device, user, time) whatever its
 * type. Shared with the school endpoint, which validates with the same schemas.
 *
 * Types land with the features that produce them; `policy` is the first.
 */
import { z } from 'zod';
import { YEAR_GROUPS } from '../policy/year-groups';
import { CATEGORY_IDS } from '../shared/categories';

export const deviceSchema = z.object({
  directoryId: z.string(),
  serialNumber: z.string(),
  assetId: z.string(),
});

export const envelopeSchema = z.object({
  id: z.uuid(),
  time: z.iso.datetime(),
  user: z.string(),
  device: deviceSchema,
  yearGroup: z.enum(YEAR_GROUPS).nullable(),
  role: z.enum(['pupil', 'staff']),
  extensionVersion: z.string(),
});

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

/**
 * A pupil's choice on a warn page. `host` is always recorded (the DfE
 * standard asks for the content blocked); `url` only when the policy's
 * logging detail is `full`.
 */
export const warnDecisionEventSchema = envelopeSchema.extend({
  type: z.literal('warn-decision'),
  decision: z.enum(['continue', 'back']),
  category: z.enum(CATEGORY_IDS),
  host: z.string(),
  url: z.string().optional(),
  /** Set when "Continue" was asked for but the worker refused it. */
  refused: z.string().optional(),
});

export const eventSchema = z.discriminatedUnion('type', [policyEventSchema, warnDecisionEventSchema]);

export type Envelope = z.infer<typeof envelopeSchema>;
export type PolicyEvent = z.infer<typeof policyEventSchema>;
export type WarnDecisionEvent = z.infer<typeof warnDecisionEventSchema>;
export type FilterEvent = z.infer<typeof eventSchema>;
