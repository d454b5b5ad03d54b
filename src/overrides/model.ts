/**
 * Lesson allowlists ("overrides"): a teacher opens a few sites for a class,
 * a year group or named pupils, for one lesson, with a reason. Shared by the
 * extension (teacher popup, the pupil's device applying them) and the school
 * endpoint, which validates with these same schemas.
 *
 * GET  /v1/overrides?user=EMAIL&yearGroup=Y9   device or staff token   200 DeviceOverridesReply (sites and times only)
 *   (user may be empty or absent: a device with no signed-in account gets what its year group has)
 * GET  /v1/overrides/created?by=EMAIL          staff token   200 ActiveOverridesReply: that teacher's allowlists not yet over
 * GET  /v1/classes                             staff token   200 ClassesReply: class names from the rosters, for the teacher's picker
 * POST /v1/overrides             body: OverrideRequest   staff token   201 Override | 200 Override (same id again)
 * POST /v1/overrides/:id/end     body: OverrideEnd       staff token   200 Override | 404 unknown id
 *   422 { error }: longer than the school allows, or a domain the school has locked, by name or by a
 *   locked category (the extension refuses locked categories too; the endpoint reads the compiled lists).
 */
import { z } from 'zod';
import { YEAR_GROUPS, type YearGroup } from '../policy/year-groups';
import { normaliseDomain } from '../shared/domain';

export const DEFAULT_MAX_OVERRIDE_MINUTES = 120;
/** Pupils' devices poll this often; a block or warn page asks at once, so this only bounds the slow path. */
export const DEFAULT_LESSON_REFRESH_MINUTES = 1;
/** Lesson-length presets offered to teachers (capped by the policy's maximum). */
export const LESSON_PRESET_MINUTES = [30, 50, 60, 100] as const;
export const MAX_OVERRIDE_DOMAINS = 20;

export const emailSchema = z
  .email()
  .max(320)
  .transform((value) => value.toLowerCase());

const domainSchema = z
  .string()
  .max(253)
  .transform((value, context) => {
    const result = normaliseDomain(value);
    if (result.ok) return result.domain;
    context.addIssue({ code: 'custom', message: `"${value}" is not a domain name (${result.reason})` });
    return z.NEVER;
  });

const isoTime = z.iso.datetime();

export const overrideAudienceSchema = z
  .object({
    yearGroups: z.array(z.enum(YEAR_GROUPS)).max(YEAR_GROUPS.length),
    /** Class names as in the school's rosters (uploaded on the dashboard). */
    classes: z.array(z.string().trim().min(1).max(100)).max(50),
    pupils: z.array(emailSchema).max(200),
  })
  .refine((audience) => audience.yearGroups.length + audience.classes.length + audience.pupils.length > 0, {
    message: 'name at least one year group, class or pupil',
  });

const overrideFields = {
  id: z.uuid(),
  /** The teacher's school account. */
  createdBy: emailSchema,
  domains: z
    .array(domainSchema)
    .min(1)
    .max(MAX_OVERRIDE_DOMAINS)
    .transform((domains) => [...new Set(domains)]),
  audience: overrideAudienceSchema,
  reason: z.string().trim().min(3).max(500),
  startsAt: isoTime,
  endsAt: isoTime,
};

const endsAfterStart = {
  check: (value: { startsAt: string; endsAt: string }) => Date.parse(value.endsAt) > Date.parse(value.startsAt),
  message: { message: 'endsAt must be after startsAt', path: ['endsAt'] },
};

/** What a teacher's device sends to open an allowlist; the id makes a retry harmless. */
export const overrideRequestSchema = z.object(overrideFields).refine(endsAfterStart.check, endsAfterStart.message);

export const overrideSchema = z
  .object({ ...overrideFields, endedAt: isoTime.nullable(), endedBy: emailSchema.nullable() })
  .refine(endsAfterStart.check, endsAfterStart.message);

export const overrideEndSchema = z.object({ endedBy: emailSchema });

export const activeOverridesReplySchema = z.object({ overrides: z.array(overrideSchema) });

/**
 * What a pupil's device is told: the sites and the times, nothing more. Not
 * who opened it, why, or for whom: a named allowlist's audience lists other
 * pupils' accounts, which no pupil's device may learn.
 */
export const deviceOverrideSchema = z.object({ id: z.uuid(), domains: overrideFields.domains, startsAt: isoTime, endsAt: isoTime });
export const deviceOverridesReplySchema = z.object({ overrides: z.array(deviceOverrideSchema) });

export type DeviceOverride = z.output<typeof deviceOverrideSchema>;
export type DeviceOverridesReply = z.output<typeof deviceOverridesReplySchema>;

export function toDeviceOverride(override: Override): DeviceOverride {
  return { id: override.id, domains: override.domains, startsAt: override.startsAt, endsAt: override.endsAt };
}

export type OverrideRequest = z.output<typeof overrideRequestSchema>;
export type Override = z.output<typeof overrideSchema>;
export type OverrideAudience = z.output<typeof overrideAudienceSchema>;
export type OverrideEnd = z.output<typeof overrideEndSchema>;
export type ActiveOverridesReply = z.output<typeof activeOverridesReplySchema>;

export function overrideEndPath(id: string): string {
  return `/v1/overrides/${encodeURIComponent(id)}/end`;
}

export function activeOverridesPath(user: string, yearGroup: YearGroup | null): string {
  const query = new URLSearchParams();
  if (user) query.set('user', user);
  if (yearGroup) query.set('yearGroup', yearGroup);
  const search = query.toString();
  return search ? `/v1/overrides?${search}` : '/v1/overrides';
}

export function teacherOverridesPath(createdBy: string): string {
  return `/v1/overrides/created?${new URLSearchParams({ by: createdBy })}`;
}

export const CLASSES_PATH = '/v1/classes';

export const classesReplySchema = z.object({
  classes: z.array(z.object({ name: z.string().min(1).max(100), pupils: z.int().min(0) })),
});
export type ClassesReply = z.output<typeof classesReplySchema>;

/** In force now: started, not yet over, not ended early. Half-open, so an allowlist ends exactly at endsAt. */
export function isOverrideActive(override: Pick<Override, 'startsAt' | 'endsAt' | 'endedAt'>, now: Date): boolean {
  const at = now.getTime();
  return override.endedAt === null && Date.parse(override.startsAt) <= at && at < Date.parse(override.endsAt);
}
