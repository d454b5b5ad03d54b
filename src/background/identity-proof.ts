/**
 * The identity proof the worker sends beside the device token (issue 21): obtained from the school's
 * issuer with `chrome.identity.launchWebAuthFlow` (the OpenID implicit flow, src/identity/proof-flow.ts
 * says why), held in storage.session until shortly before it expires, and never written anywhere else
 * nor logged. storage.session is readable by the worker and the extension's own pages only (no content
 * script could read it, and this extension has none), and is gone when the browser closes.
 *
 * A development install may take its email from storage.local (src/background/identity.ts), but that
 * only chooses which account to ask the issuer for: the proof always comes from the issuer.
 */
import { authorizationRequestUrl, DEFAULT_AUTHORIZATION_URL, type HeldProof, isUsable, type ProofOutcome, proofFromRedirect } from '../identity/proof-flow';
import { repairPolicy } from '../policy/repair';
import { IDENTITY_PROOF_HEADER } from '../shared/identity-proof';
import type { StatusView } from '../shared/status';
import { readIdentity } from './identity';
import { readManagedStorage } from './managed-storage';

const SESSION_KEY = 'identityProof';
/** Why the last attempt failed, for the status page (storage.session: a new worker still knows). */
const LAST_ERROR_KEY = 'identityProofLastError';
/** A silent request the issuer has not answered by then has failed (it would be waiting on a page). */
const SILENT_TIMEOUT_MS = 10_000;
/** After a silent attempt fails, uploads go without a proof for this long before the issuer is asked again (unless the endpoint refuses one: forgetProof). */
const SILENT_RETRY_AFTER_MS = 60_000;

/** Not a failure worth a warning on every upload: the school has not set proofs up (the panel still says it when the endpoint wants one). */
const NOT_CONFIGURED = "this device's policy names no identity proof client (identityProof.clientId)";

let silentInFlight: Promise<ProofOutcome> | undefined;
let lastSilentFailure: { at: number; why: string } | undefined;

async function proofSettings(): Promise<{ clientId: string; authorizationUrl: string } | undefined> {
  const { policy } = repairPolicy(await readManagedStorage([]));
  if (!policy.identityProof) return undefined;
  return { clientId: policy.identityProof.clientId, authorizationUrl: policy.identityProof.authorizationUrl ?? DEFAULT_AUTHORIZATION_URL };
}

async function heldProof(): Promise<HeldProof | undefined> {
  return (await chrome.storage.session.get(SESSION_KEY))[SESSION_KEY] as HeldProof | undefined;
}

async function askIssuer(interactive: boolean): Promise<ProofOutcome> {
  const settings = await proofSettings();
  if (!settings) return { ok: false, why: NOT_CONFIGURED };
  const { email } = await readIdentity();
  if (!email) return { ok: false, why: 'no school account is signed in on this device' };
  const held = await heldProof();
  if (!interactive && isUsable(held, { account: email, clientId: settings.clientId }, Date.now())) return { ok: true, proof: held };
  const request = { ...settings, redirectUri: chrome.identity.getRedirectURL(), account: email, nonce: crypto.randomUUID(), interactive };
  let redirected: string | undefined;
  try {
    redirected = await chrome.identity.launchWebAuthFlow({
      url: authorizationRequestUrl(request),
      interactive,
      ...(interactive ? {} : { timeoutMsForNonInteractive: SILENT_TIMEOUT_MS }),
    });
  } catch (failure) {
    // Chrome's message (e.g. "User interaction required", "Authorization page could not be loaded") never holds the token.
    return { ok: false, why: `the school's sign-in service did not answer (${(failure as Error).message ?? String(failure)})` };
  }
  if (!redirected) return { ok: false, why: "the school's sign-in service did not answer" };
  const outcome = proofFromRedirect(redirected, request);
  if (outcome.ok) await chrome.storage.session.set({ [SESSION_KEY]: outcome.proof });
  return outcome;
}

async function remembered(interactive: boolean): Promise<ProofOutcome> {
  const outcome = await askIssuer(interactive).catch((failure: unknown): ProofOutcome => ({ ok: false, why: String(failure) }));
  if (outcome.ok) {
    lastSilentFailure = undefined;
    await chrome.storage.session.remove(LAST_ERROR_KEY);
  } else {
    if (!interactive) lastSilentFailure = { at: Date.now(), why: outcome.why };
    if (outcome.why !== NOT_CONFIGURED) {
      console.warn(`identity proof: ${outcome.why}`);
      await chrome.storage.session.set({ [LAST_ERROR_KEY]: outcome.why });
    }
  }
  return outcome;
}

/** For the status page: whether proofs are set up, whom the held one names and until when, and the last failure. */
export async function identityProofStatus(): Promise<StatusView['identityProof']> {
  const [settings, stored, { email }] = await Promise.all([proofSettings(), chrome.storage.session.get([SESSION_KEY, LAST_ERROR_KEY]), readIdentity()]);
  const held = stored[SESSION_KEY] as HeldProof | undefined;
  const lastError = stored[LAST_ERROR_KEY];
  // Only a proof that would be sent now counts: one for an account signed in before, or a policy's old client, would not.
  const current = settings && isUsable(held, { account: email, clientId: settings.clientId }, Date.now()) ? held : undefined;
  return {
    configured: settings !== undefined,
    held: current ? { account: current.account, expiresAt: current.expiresAt } : null,
    lastError: typeof lastError === 'string' ? lastError : null,
  };
}

/**
 * A proof for the signed-in account. Silent by default (`prompt=none`): uploads and reports ask for one
 * without anyone at the keyboard, and go without it when it cannot be had (the endpoint marks them
 * unverified); silent callers at the same moment share one request, and after a failure the issuer is
 * left alone for a minute. `interactive` is for a teacher's click after the endpoint refused a proof: it
 * always asks the issuer afresh and may show the issuer's page.
 */
export function obtainProof(options: { interactive: boolean } = { interactive: false }): Promise<ProofOutcome> {
  if (options.interactive) return remembered(true);
  if (silentInFlight) return silentInFlight;
  if (lastSilentFailure && Date.now() - lastSilentFailure.at < SILENT_RETRY_AFTER_MS) return Promise.resolve({ ok: false, why: lastSilentFailure.why });
  const request = remembered(false).finally(() => {
    silentInFlight = undefined;
  });
  silentInFlight = request;
  return request;
}

/** The held or a silently obtained proof, or null: never throws, never waits on a person. */
export async function currentProof(): Promise<HeldProof | null> {
  try {
    const outcome = await obtainProof();
    return outcome.ok ? outcome.proof : null;
  } catch {
    return null;
  }
}

/**
 * The endpoint refused a request for its proof (or its lack of one): the next request asks the issuer
 * afresh, even within the minute after a failed attempt, since the endpoint has just said it needs one
 * (the caller's backoff keeps that from pestering the issuer).
 */
export async function forgetProof(): Promise<void> {
  lastSilentFailure = undefined;
  await chrome.storage.session.remove(SESSION_KEY);
}

/** The header to add beside `Authorization` (none without a proof). */
export function proofHeaders(proof: HeldProof | null): Record<string, string> {
  return proof ? { [IDENTITY_PROOF_HEADER]: proof.token } : {};
}
