/**
 * One request from the teacher's panel to the school endpoint, always ending
 * in an answer (a status and JSON body, or why there was none), never a
 * throw: the panel shows what went wrong instead. The token and the identity
 * proof are read here, in the worker, and never reach a page.
 */
import { parseRetryAfter } from '../../events/backoff';
import type { EndpointAnswer } from '../../overrides/lesson-replies';
import type { HeldProof } from '../../identity/proof-flow';
import { type Endpoint, endpointUrl } from '../endpoint';
import { proofHeaders } from '../identity-proof';

/** The panel opens with these lists; a slow endpoint must not keep a teacher waiting long for the form. */
export const LIST_TIMEOUT_MS = 5_000;
export const ACTION_TIMEOUT_MS = 10_000;

export async function callEndpoint(
  endpoint: Endpoint,
  path: string,
  { body, timeoutMs, proof }: { body?: unknown; timeoutMs: number; proof: HeldProof | null },
): Promise<EndpointAnswer> {
  try {
    const response = await fetch(endpointUrl(endpoint, path), {
      method: body === undefined ? 'GET' : 'POST',
      headers: { Authorization: `Bearer ${endpoint.token}`, ...proofHeaders(proof), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const answer = { status: response.status, body: await response.json().catch(() => null) };
    // A 429's Retry-After goes into the teacher's words: when to try again (the panel does not retry by itself).
    const retryAfterMs = response.status === 429 ? parseRetryAfter(response.headers.get('Retry-After'), Date.now()) : undefined;
    return retryAfterMs === undefined ? answer : { ...answer, retryAfterMs };
  } catch (failure) {
    return { status: null, error: String(failure) };
  }
}
