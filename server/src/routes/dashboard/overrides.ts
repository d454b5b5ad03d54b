/** The allowlist audit: who opened what, for whom, why, when, and when it ended. */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context';
import { ALLOWLIST_AUDIT_MAX, DASHBOARD_API, type OverrideStatus, type OverridesReply } from '../../dashboard-api/types';
import type { OverrideRow } from '../../store/rows';
import { schoolQuerySchema } from '../../dashboard-api/requests';
import { scopeOf } from '../../http/dashboard-auth';
import { parseOr400 } from '../../http/errors';
import { readFilter } from '../../schools/scope';

export function overrideStatus(override: OverrideRow, now: Date): OverrideStatus {
  if (override.endedAt !== null) return 'ended';
  if (now.getTime() < Date.parse(override.startsAt)) return 'scheduled';
  return now.getTime() < Date.parse(override.endsAt) ? 'active' : 'expired';
}

export function registerDashboardOverrides(app: FastifyInstance, context: AppContext): void {
  app.get(`${DASHBOARD_API}/overrides`, async (request): Promise<OverridesReply> => {
    const { school } = parseOr400(schoolQuerySchema, request.query, 'query');
    const now = context.now();
    // One more than shown says whether the list goes on.
    const overrides = await context.store.overrides.list(ALLOWLIST_AUDIT_MAX + 1, readFilter(scopeOf(request), school));
    return {
      overrides: overrides.slice(0, ALLOWLIST_AUDIT_MAX).map((override) => ({ ...override, status: overrideStatus(override, now) })),
      truncated: overrides.length > ALLOWLIST_AUDIT_MAX,
    };
  });
}
