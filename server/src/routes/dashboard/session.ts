import type { FastifyInstance } from 'fastify';
import { accountKey, checkAndRecordSignInAttempt } from '../../auth/sign-in-limits';
import { verifyAgainstNobody, verifyPassword } from '../../auth/password';
import { endSession, startSession } from '../../auth/sessions';
import type { AppContext } from '../../context';
import { loginSchema } from '../../dashboard-api/requests';
import { DASHBOARD_API, type Me } from '../../dashboard-api/types';
import { checkCsrf, requireStaff, staffOf } from '../../http/dashboard-auth';
import { HttpError, parseOr400 } from '../../http/errors';
import { canSee, staffScopeOf } from '../../schools/scope';

/** Who is signed in; on a trust's endpoint also which schools they see (a school user: theirs alone). */
function meOf(context: AppContext, session: Pick<Me, 'username' | 'role'>): Me {
  const me: Me = { username: session.username, role: session.role };
  const { schools } = context.config;
  const scope = staffScopeOf(context.config, session.username);
  if (!schools || !scope) return me;
  const list = schools.filter((school) => canSee(scope, school.id)).map(({ id, name }) => ({ id, name }));
  return { ...me, schools: { scope: scope.school === null ? 'trust' : 'school', list } };
}

export function registerSession(app: FastifyInstance, context: AppContext): void {
  app.post(`${DASHBOARD_API}/login`, async (request, reply): Promise<Me> => {
    checkCsrf(request);
    const { username, password } = parseOr400(loginSchema, request.body, 'sign-in');
    const account = accountKey(username, context.config.dashboardUsers);
    // request.ip is the address the school's proxy saw (config trustProxy), never one the client wrote.
    const address = request.ip;
    const now = context.now();
    const attempt = await checkAndRecordSignInAttempt(context.store.signIns, account, address, now);
    if ('refusal' in attempt) {
      const { refusal } = attempt;
      request.log.warn({ username, address, limited: refusal.limited }, 'dashboard sign-in refused: too many failed sign-ins');
      const minutes = Math.ceil(refusal.retryAfterSeconds / 60);
      throw new HttpError(429, `too many failed sign-ins for this account or from this address: try again in ${minutes} minute${minutes === 1 ? '' : 's'}`, undefined, {
        'retry-after': String(refusal.retryAfterSeconds),
      });
    }
    const user = context.config.dashboardUsers.find((candidate) => candidate.username === username);
    // Same work and same answer for an unknown user as for a wrong password.
    const ok = user ? await verifyPassword(password, user.passwordHash) : await verifyAgainstNobody(password);
    if (!user || !ok) throw new HttpError(401, 'wrong username or password');
    await attempt.withdraw();
    const session = await startSession(context.store, user, request, reply, now);
    request.log.info({ username: session.username }, 'dashboard sign-in');
    return meOf(context, session);
  });

  app.post(`${DASHBOARD_API}/logout`, { onRequest: requireStaff(context) }, async (request, reply) => {
    await endSession(context.store, request, reply);
    return { ok: true };
  });

  app.get(`${DASHBOARD_API}/me`, { onRequest: requireStaff(context) }, async (request): Promise<Me> => {
    return meOf(context, staffOf(request));
  });
}
