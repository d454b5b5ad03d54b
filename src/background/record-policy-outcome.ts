/**
 * Writes a `policy` event to the queue when the outcome of applying the policy
 * differs from the last one recorded (kept in storage.local, so a worker that
 * wakes a hundred times a day records one event, not a hundred).
 */
import { policyEvent } from '../events/policy-event';
import { appendEvent } from '../events/queue';
import type { Profile } from '../policy/profile';
import type { PolicyProblem } from '../policy/repair';
import type { DeviceIdentity } from './identity';

const LAST_HASH_KEY = 'lastPolicyEventHash';

export async function recordPolicyOutcome(
  hash: string,
  problems: readonly PolicyProblem[],
  profile: Profile,
  identity: { email: string; device: DeviceIdentity },
): Promise<boolean> {
  const stored = await chrome.storage.local.get(LAST_HASH_KEY);
  if (stored[LAST_HASH_KEY] === hash) return false;
  const event = policyEvent(
    {
      email: identity.email,
      device: identity.device,
      profile,
      extensionVersion: chrome.runtime.getManifest().version,
      now: new Date(),
      newId: () => crypto.randomUUID(),
    },
    hash,
    problems,
    profile.strictest,
  );
  await appendEvent(event);
  await chrome.storage.local.set({ [LAST_HASH_KEY]: hash });
  return true;
}
