/**
 * Thin adapter over chrome.storage.managed: the Admin console's "Policy for
 * extensions" lands here. Chrome drops keys the schema does not know and values
 * of the wrong type before we see them, so what arrives is untrusted JSON.
 */
export async function readManagedStorage(): Promise<Record<string, unknown>> {
  try {
    return (await chrome.storage.managed.get(null)) as Record<string, unknown>;
  } catch (error) {
    // Off a managed browser the area can be unavailable: treat as "no policy",
    // which the policy layer turns into the strictest profile, never "open".
    console.warn('managed storage unavailable', error);
    return {};
  }
}

export function onManagedStorageChanged(listener: () => void): void {
  chrome.storage.onChanged.addListener((_changes, areaName) => {
    if (areaName === 'managed') listener();
  });
}
