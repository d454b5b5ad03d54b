/**
 * Reads the worker's state through its read-only test handle and waits for a
 * condition on it, so tests wait for our code rather than sleeping.
 */
import type { PolicyStatus } from '../../../src/shared/status';
import type { ExtensionSession } from './browser';
import { reloadPolicies, writePolicy } from './policy';

export async function workerState(session: ExtensionSession): Promise<PolicyStatus> {
  return session.evaluateInWorker(async () => {
    const api = (globalThis as unknown as { schoolFilter: { settled(): Promise<void>; snapshot(): unknown } }).schoolFilter;
    await api.settled();
    return api.snapshot();
  }) as Promise<PolicyStatus>;
}

export async function waitForWorkerState(
  session: ExtensionSession,
  predicate: (state: PolicyStatus) => boolean,
  { timeoutMs = 20_000, what = 'worker state' } = {},
): Promise<PolicyStatus> {
  const deadline = Date.now() + timeoutMs;
  let last: PolicyStatus | undefined;
  while (Date.now() < deadline) {
    last = await workerState(session);
    if (predicate(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last state: ${JSON.stringify(last)?.slice(0, 800)}`);
}

/**
 * Writes the extension's policy, has Chromium read it at once, and waits until the worker has applied
 * it (a new policy hash) and `until` holds: the state then.
 */
export async function changePolicy(
  session: ExtensionSession,
  policy: Record<string, unknown>,
  until: (state: PolicyStatus) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<PolicyStatus> {
  const before = (await waitForWorkerState(session, () => true)).policyHash;
  writePolicy(session.extensionId, { extension: policy });
  await reloadPolicies(session.browser);
  return waitForWorkerState(session, (state) => state.policyHash !== before && until(state), { what, timeoutMs });
}
