/**
 * Thin adapter over chrome.storage.managed: the Admin console's "Policy for
 * extensions" lands here. Chrome drops keys the schema does not know and values
 * of the wrong type before we see them, so what arrives is untrusted JSON.
 */

/**
 * On a fresh force-install managed storage reads as {} at onInstalled and the
 * values arrive ~2.7 s later (shared/CHROMIUM-NOTES.md). We do not count on a
 * storage.onChanged event for that arrival: an empty read is retried for a few
 * seconds before we believe it. Meanwhile nothing is opened: the rulesets
 * already enabled (the last plan, or the manifest's harmful set on a first
 * install) stay in force, and an empty policy then means the strictest profile.
 */
export const EMPTY_POLICY_RETRY_DELAYS_MS = [500, 1000, 2000, 4000] as const;

async function readOnce(): Promise<Record<string, unknown>> {
  try {
    return (await chrome.storage.managed.get(null)) as Record<string, unknown>;
  } catch (error) {
    // Off a managed browser the area can be unavailable: treat as "no policy",
    // which the policy layer turns into the strictest profile, never "open".
    console.warn('managed storage unavailable', error);
    return {};
  }
}

export async function readManagedStorage(
  retryDelaysMs: readonly number[] = EMPTY_POLICY_RETRY_DELAYS_MS,
): Promise<Record<string, unknown>> {
  let managed = await readOnce();
  for (const delay of retryDelaysMs) {
    if (Object.keys(managed).length > 0) break;
    await new Promise((resolve) => setTimeout(resolve, delay));
    managed = await readOnce();
  }
  return managed;
}

export function onManagedStorageChanged(listener: () => void): void {
  chrome.storage.onChanged.addListener((_changes, areaName) => {
    if (areaName === 'managed') listener();
  });
}
