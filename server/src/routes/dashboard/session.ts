import type { FastifyInstance } from 'fastify';
import { LoginThrottle } from '../../auth/login-throttle';
import { verifyAgainstNobody, verifyPassword } from '../../auth/password';
import { endSession, startSession } from '../../auth/sessions';
import type { AppContext } from '../../context';
import { loginSchema } from '../../dashboard-api/requests';
import { DASHBOARD_API, type Me } from '../../dashboard-api/types';
import { checkCsrf, requireStaff, staffOf } from '../../http/dashboard-auth';
import { HttpError, parseOr400 } from '../../http/errors';

export function registerSession(app: FastifyInstance, context: AppContext): void {
  const throttle = new LoginThrottle();

  app.post(`${DASHBOARD_API}/login`, async (request, reply): Promise<Me> => {
    checkCsrf(request);
    const { username, password } = parseOr400(loginSchema, request.body, 'sign-in');
    const key = `${username}\u0000${request.ip}`;
    const now = context.now();
    if (throttle.blocked(key, now)) throw new HttpError(429, 'too many wrong passwords: try again in 15 minutes');
    const user = context.config.dashboardUsers.find((candidate) => candidate.username === username);
    // Same work and same answer for an unknown user as for a wrong password.
    const ok = user ? await verifyPassword(password, user.passwordHash) : await verifyAgainstNobody(password);
    if (!user || !ok) {
      throttle.fail(key, now);
      throw new HttpError(401, 'wrong username or password');
    }
    throttle.succeed(key);
    const session = await startSession(context.store, user, request, reply, now);
    request.log.info({ username: session.username }, 'dashboard sign-in');
    return { username: session.username, role: session.role };
  });

  app.post(`${DASHBOARD_API}/logout`, { onRequest: requireStaff(context) }, async (request, reply) => {
    await endSession(context.store, request, reply);
    return { ok: true };
  });

  app.get(`${DASHBOARD_API}/me`, { onRequest: requireStaff(context) }, async (request): Promise<Me> => {
    const staff = staffOf(request);
    return { username: staff.username, role: staff.role };
  });
}
