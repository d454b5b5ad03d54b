/**
 * Whether the endpoint's current config still gives a session's account the role it signed in with.
 *
 * Sessions live in the database for a school day (sessions.ts) and outlive a restart, so without this an
 * account the IT admin removed from `dashboardUsers` or `googleSignIn.roles` (a member of staff who left,
 * or a DSL moved to another role) would keep its access until the session expired. The config is the one
 * truth of who may see what; a session is only a proof of who signed in.
 */
import type { Config } from '../config/schema';
import type { Session } from '../store/store';

export function roleStillGranted(config: Pick<Config, 'dashboardUsers' | 'googleSignIn'>, session: Pick<Session, 'username' | 'role'>): boolean {
  const local = config.dashboardUsers.some((user) => user.username === session.username && user.role === session.role);
  const roles = config.googleSignIn?.roles;
  const google = roles !== undefined && Object.hasOwn(roles, session.username) && roles[session.username] === session.role;
  return local || google;
}
