/**
 * Token rotation for the IT Lead (the CLI's `rotate-token` and `retire-token` do the same for the operator):
 * the labels and their tokens, rotate one (the new token shown once, with the policy to paste), retire a
 * label's old tokens now. The DSL sees none of it: tokens are infrastructure, and a token is a key to post as
 * any pupil.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { wrapForAdminConsole } from '../../../../src/policy/admin-console';
import { retireNow, rotateToken, RotationRefused } from '../../auth/rotate';
import { isAccepted, type KnownToken } from '../../auth/token-book';
import { DEFAULT_GRACE_DAYS, MAX_GRACE_DAYS } from '../../auth/token-rotation';
import { ouPolicyFor, proofClientOf } from '../../cli/ou-policies';
import type { AppContext } from '../../context';
import { DASHBOARD_API } from '../../dashboard-api/types';
import { TOKENS_API, type RetireNowReply, type RotateReply, type TokenLabel, type TokensReply } from '../../dashboard-api/tokens';
import { scopeOf, staffOf } from '../../http/dashboard-auth';
import { canSee } from '../../schools/scope';
import { HttpError, parseOr400 } from '../../http/errors';

const rotateBody = z.strictObject({ label: z.string().min(1).max(100), graceDays: z.int().min(0).max(MAX_GRACE_DAYS) });
const retireBody = z.strictObject({ label: z.string().min(1).max(100) });

function requireItLead(request: FastifyRequest): string {
  const staff = staffOf(request);
  if (staff.role !== 'it-lead') throw new HttpError(403, 'only the IT Lead manages tokens');
  return `${staff.username} (dashboard)`;
}

function labelsOf(known: readonly KnownToken[], now: Date): TokenLabel[] {
  const labels = new Map<string, TokenLabel>();
  for (const token of known) {
    const entry = labels.get(token.label) ?? { label: token.label, scope: token.scope, tokens: [] };
    entry.tokens.push({
      digestStart: token.digest.slice(0, 12),
      source: token.source,
      issuedAt: token.issuedAt?.toISOString() ?? null,
      issuedBy: token.issuedBy,
      retiresAt: token.retiresAt?.toISOString() ?? null,
      state: token.retiresAt === null ? 'in-use' : isAccepted(token, now) ? 'retiring' : 'retired',
    });
    labels.set(token.label, entry);
  }
  return [...labels.values()];
}

function refusedAs422<T>(promise: Promise<T>): Promise<T> {
  return promise.catch((error: unknown) => {
    throw error instanceof RotationRefused ? new HttpError(422, error.message) : error;
  });
}

export function registerDashboardTokens(app: FastifyInstance, context: AppContext): void {
  /** The tokens of the schools this reader sees (schools/scope.ts): a school's IT Lead manages only theirs. */
  const visibleTokens = async (request: FastifyRequest) => (await context.tokens.known()).filter((token) => canSee(scopeOf(request), token.school));
  /**
   * A school's IT Lead is answered about another school's label as about an unknown one, naming only their own
   * labels; everyone else's unknown label is refused by the rotation itself, as before schools.
   */
  const requireVisibleLabel = async (request: FastifyRequest, label: string) => {
    if (scopeOf(request).school === null) return;
    const labels = [...new Set((await visibleTokens(request)).map((token) => token.label))];
    if (!labels.includes(label)) throw new HttpError(422, `no token is labelled "${label}" (labels: ${labels.map((name) => `"${name}"`).join(', ')})`);
  };

  app.get(`${DASHBOARD_API}${TOKENS_API}`, async (request): Promise<TokensReply> => {
    requireItLead(request);
    const visible = await visibleTokens(request);
    const labels = new Set(visible.map((token) => token.label));
    const trail = (await context.store.tokens.trail(50)).filter((entry) => labels.has(entry.label));
    return {
      labels: labelsOf(visible, context.now()),
      trail: trail.map((entry) => ({ ...entry, at: entry.at.toISOString() })),
      defaultGraceDays: DEFAULT_GRACE_DAYS,
      maxGraceDays: MAX_GRACE_DAYS,
    };
  });

  app.post(`${DASHBOARD_API}${TOKENS_API}/rotate`, async (request): Promise<RotateReply> => {
    const actor = requireItLead(request);
    const { label, graceDays } = parseOr400(rotateBody, request.body, 'rotation');
    await requireVisibleLabel(request, label);
    const rotated = await refusedAs422(rotateToken(context.tokens, context.store.tokens, label, graceDays, actor, context.now()));
    request.log.info({ label, graceDays, by: actor }, 'token rotated');
    const base = context.config.publicUrl?.replace(/\/+$/, '') ?? `${request.protocol}://${request.host}`;
    const { heading, policy, check } = ouPolicyFor(rotated, rotated.token, base, proofClientOf(context.config));
    return {
      label,
      scope: rotated.scope,
      token: rotated.token,
      oldRetireAt: rotated.oldRetireAt?.toISOString() ?? null,
      policyHeading: heading,
      policyJson: JSON.stringify(policy, null, 2),
      adminConsoleJson: JSON.stringify(wrapForAdminConsole(policy), null, 2),
      policyCheck: check.lines,
    };
  });

  app.post(`${DASHBOARD_API}${TOKENS_API}/retire-now`, async (request): Promise<RetireNowReply> => {
    const actor = requireItLead(request);
    const { label } = parseOr400(retireBody, request.body, 'retirement');
    await requireVisibleLabel(request, label);
    const retired = await refusedAs422(retireNow(context.tokens, context.store.tokens, label, actor, context.now()));
    request.log.info({ label, by: actor }, 'old tokens retired now');
    return { retired };
  });
}
