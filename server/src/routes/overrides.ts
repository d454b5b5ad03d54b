import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { API_PATHS } from '../../../src/events/wire';
import { emailSchema, overrideEndSchema, overrideRequestSchema, toDeviceOverride, type ActiveOverridesReply, type DeviceOverridesReply, type Override } from '../../../src/overrides/model';
import { YEAR_GROUPS } from '../../../src/policy/year-groups';
import type { AppContext } from '../context';
import { callerOf, requirePermission } from '../http/bearer';
import { HttpError, parseOr400 } from '../http/errors';
import { staffIdentity } from '../http/identity-proof';
import { checkOverridePolicy } from '../overrides/policy';
import { receiptOf } from './receipt';
import { countedAccounts, enforceWriteLimit } from './write-limit';

const activeQuery = z.object({
  /** Absent or empty on a device nobody is signed in to: it gets only what its year group has. */
  user: z
    .union([z.literal(''), emailSchema])
    .optional()
    .transform((user) => user || null),
  yearGroup: z.enum(YEAR_GROUPS).optional(),
});
const idParams = z.object({ id: z.uuid() });
const teacherQuery = z.object({ by: emailSchema });

/** teacherOverridesPath() in src/overrides/model.ts builds this with `?by=`. */
const TEACHER_OVERRIDES_ROUTE = `${API_PATHS.overrides}/created`;

export function registerOverrides(app: FastifyInstance, context: AppContext): void {
  const read = requirePermission(context.tokens, 'overrides:read');
  const write = requirePermission(context.tokens, 'overrides:write');

  app.get(API_PATHS.overrides, { onRequest: read }, async (request): Promise<DeviceOverridesReply> => {
    const query = parseOr400(activeQuery, request.query, 'query');
    const active = await context.store.overrides.activeFor(query.user, query.yearGroup ?? null, context.now(), callerOf(request).school);
    return { overrides: active.map(toDeviceOverride) };
  });

  // A teacher's own list, to see and end what they opened. Staff only: it names the classes and pupils each one is for.
  app.get(TEACHER_OVERRIDES_ROUTE, { onRequest: write }, async (request): Promise<ActiveOverridesReply> => {
    const { by } = parseOr400(teacherQuery, request.query, 'query');
    // Where proofs are required, a teacher sees only their own list (it names pupils).
    const teacher = await staffIdentity(request, context, by);
    return { overrides: await context.store.overrides.notOverCreatedBy(teacher.account, context.now(), callerOf(request).school) };
  });

  app.post(API_PATHS.overrides, { onRequest: write }, async (request, reply: FastifyReply): Promise<Override> => {
    const asked = parseOr400(overrideRequestSchema, request.body, 'allowlist');
    // The audit names who the proof says made it, never merely who the body says.
    const creator = await staffIdentity(request, context, asked.createdBy);
    const overrideRequest = { ...asked, createdBy: creator.account };
    await enforceWriteLimit(context, request, 'allowlists', countedAccounts([creator.account], creator.verified ? creator.account : null));
    const refusals = checkOverridePolicy(overrideRequest, context);
    if (refusals.length > 0) throw new HttpError(422, 'the school does not allow this allowlist', refusals);
    const { created, override } = await context.store.overrides.create(overrideRequest, receiptOf(request, context.now()), creator.verified);
    if (!override) throw new HttpError(409, 'an allowlist with this id is already held: send a new id');
    reply.status(created ? 201 : 200);
    return override;
  });

  app.post(`${API_PATHS.overrides}/:id/end`, { onRequest: write }, async (request): Promise<Override> => {
    const params = idParams.safeParse(request.params);
    if (!params.success) throw new HttpError(404, 'no allowlist with that id');
    const { endedBy } = parseOr400(overrideEndSchema, request.body, 'end request');
    const ender = await staffIdentity(request, context, endedBy);
    await enforceWriteLimit(context, request, 'allowlists', countedAccounts([ender.account], ender.verified ? ender.account : null));
    const ended = await context.store.overrides.end(params.data.id, ender, context.now(), callerOf(request).school);
    if (!ended) throw new HttpError(404, 'no allowlist with that id');
    return ended;
  });
}
