/**
 * Dashboard sign-in with Google (OpenID Connect, authorization code with PKCE, `state` and `nonce`):
 * `start` sends the browser to the provider, `callback` takes it back, and a verified, mapped school account
 * gets the same database session a password sign-in gets (auth/sessions.ts: same cookie, same CSRF rules).
 * Every refusal goes back to the sign-in page with a code the page words (dashboard-api/sign-in-errors.ts),
 * is logged with its reason (never a token or code), and, unless the provider was unreachable, counts as a
 * failed sign-in for the address and the account (auth/sign-in-limits.ts).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { completeSignIn } from '../../auth/oidc/sign-in';
import { codeChallenge, FLOW_COOKIE, FLOW_COOKIE_PATH, FLOW_MINUTES, newFlow, openFlow, safeThen, sameState, sealFlow } from '../../auth/oidc/flow-cookie';
import { openIdProvider, ProviderError } from '../../auth/oidc/provider';
import { isLoopbackHost, startSession } from '../../auth/sessions';
import { recordSignInAttempt, signInRefusal, UNKNOWN_ACCOUNT } from '../../auth/sign-in-limits';
import { GOOGLE_CALLBACK_PATH, GOOGLE_START_PATH } from '../../config/google-sign-in-paths';
import type { AppContext } from '../../context';
import { SIGN_IN_ERROR_PARAM, type SignInErrorCode, type SignInMethods } from '../../dashboard-api/sign-in-errors';
import { DASHBOARD_API } from '../../dashboard-api/types';

/** Never recorded as a failure: checking it against the limits tests the address alone. */
const ADDRESS_ONLY = 'google:before-verification';

export function googleAccountKey(email: string): string {
  return `google:${email}`;
}

export function registerGoogleSignIn(app: FastifyInstance, context: AppContext): void {
  const settings = context.config.googleSignIn;
  // The app's clock, so tests can move past the key set's refresh interval; the key cache is the app's (shared with identity proofs).
  const provider = settings ? openIdProvider(settings, () => context.now().getTime(), context.issuerKeys(settings)) : null;
  // States already answered, until their flow would have expired anyway: a callback replayed with a copied
  // cookie is refused by this process. (With several processes, the provider's one-time codes still refuse it.)
  const answered = new Map<string, number>();

  app.get(`${DASHBOARD_API}/sign-in-methods`, async (): Promise<SignInMethods> => ({ google: settings !== null }));

  app.get(GOOGLE_START_PATH, async (request, reply) => {
    const then = safeThen((request.query as Record<string, unknown>).then);
    if (!settings || !provider) return refuse(reply, 'not-configured', then);
    let authorization: string;
    try {
      authorization = (await provider.discovery()).authorization_endpoint;
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      request.log.warn({ reason: error.message }, 'dashboard sign-in refused (Google): provider-unreachable');
      return refuse(reply, 'provider-unreachable', then);
    }
    const flow = newFlow(then, context.now());
    const url = new URL(authorization);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: settings.clientId,
      redirect_uri: settings.redirectUri,
      scope: 'openid email',
      state: flow.state,
      nonce: flow.nonce,
      code_challenge: codeChallenge(flow.verifier),
      code_challenge_method: 'S256',
      // A hint for Google's account chooser only; the token's hd claim is what is checked.
      ...(settings.domains.length === 1 ? { hd: settings.domains[0]! } : {}),
      prompt: 'select_account',
    }).toString();
    reply.setCookie(FLOW_COOKIE, sealFlow(flow, settings.clientSecret), {
      path: FLOW_COOKIE_PATH,
      httpOnly: true,
      sameSite: 'lax',
      secure: !isLoopbackHost(request.hostname),
      maxAge: FLOW_MINUTES * 60,
    });
    return reply.redirect(url.toString());
  });

  app.get(GOOGLE_CALLBACK_PATH, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const now = context.now();
    reply.clearCookie(FLOW_COOKIE, { path: FLOW_COOKIE_PATH });
    if (!settings || !provider) return refuse(reply, 'not-configured', '');
    const address = request.ip;
    const fail = async (code: SignInErrorCode, detail: string, then: string, email?: string) => {
      // Google being down is nobody's guess: it does not count against the school's shared address.
      if (code !== 'provider-unreachable') {
        const account = email && Object.hasOwn(settings.roles, email) ? googleAccountKey(email) : UNKNOWN_ACCOUNT;
        await recordSignInAttempt(context.store.signIns, account, address, now);
      }
      request.log.warn({ reason: code, detail, email, address }, `dashboard sign-in refused (Google): ${code}`);
      return refuse(reply, code, then);
    };

    const flow = openFlow(request.cookies[FLOW_COOKIE], settings.clientSecret, now);
    if (!flow || typeof query.state !== 'string' || !sameState(query.state, flow.state)) return fail('bad-state', flow ? 'state does not match the cookie' : 'no valid flow cookie', flow?.then ?? '');
    forgetOld(answered, now);
    if (answered.has(flow.state)) return fail('bad-state', 'state already answered (replay)', flow.then);
    answered.set(flow.state, flow.expiresAt);

    const byAddress = await signInRefusal(context.store.signIns, ADDRESS_ONLY, address, now);
    if (byAddress) {
      request.log.warn({ address, limited: byAddress.limited }, 'dashboard sign-in refused (Google): too many failed sign-ins');
      return refuse(reply, 'too-many', flow.then);
    }
    if (typeof query.error === 'string') return fail('provider-error', `provider said ${query.error.slice(0, 100)}`, flow.then);
    if (typeof query.code !== 'string' || query.code.length === 0 || query.code.length > 2000) return fail('provider-error', 'no code', flow.then);

    const outcome = await completeSignIn(provider, settings, query.code, flow.verifier, flow.nonce, now);
    if (!outcome.ok) return fail(outcome.code, outcome.detail, flow.then, outcome.email);
    const byAccount = await signInRefusal(context.store.signIns, googleAccountKey(outcome.email), address, now);
    if (byAccount) {
      request.log.warn({ email: outcome.email, address, limited: byAccount.limited }, 'dashboard sign-in refused (Google): too many failed sign-ins');
      return refuse(reply, 'too-many', flow.then);
    }
    await startSession(context.store, { username: outcome.email, role: outcome.role }, request, reply, now);
    request.log.info({ username: outcome.email, role: outcome.role, method: 'google' }, 'dashboard sign-in');
    return reply.redirect(`/dashboard/${flow.then ? `#${flow.then}` : ''}`);
  });
}

function refuse(reply: FastifyReply, code: SignInErrorCode, then: string): FastifyReply {
  return reply.redirect(`/dashboard/login?${SIGN_IN_ERROR_PARAM}=${code}${then ? `#${then}` : ''}`);
}

function forgetOld(answered: Map<string, number>, now: Date): void {
  for (const [state, expiresAt] of answered) if (expiresAt <= now.getTime()) answered.delete(state);
}
