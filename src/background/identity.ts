/**
 * Reads who is using this device (the types are in src/shared/identity.ts):
 * off ChromeOS (or unmanaged) the device fields are empty strings, never errors.
 */
import type { DeviceIdentity, UserIdentity } from '../shared/identity';

export type { DeviceIdentity, UserIdentity } from '../shared/identity';

const EMPTY_DEVICE: DeviceIdentity = { directoryId: '', serialNumber: '', assetId: '', location: '' };

async function deviceAttribute(read: (() => Promise<string>) | undefined): Promise<string> {
  try {
    return (await read?.()) ?? '';
  } catch {
    return '';
  }
}

/**
 * Headless test Chromium cannot sign a Google account in (Chromium signs out
 * an account seeded without a refresh token), yet lesson allowlists need the
 * teacher's and pupils' school accounts. So a *development* install (loaded
 * unpacked, which the deployment guide's policies forbid on school devices)
 * may take its account from storage.local. A force-installed extension's
 * installType is `admin` and never reads it.
 */
export const DEVELOPMENT_EMAIL_KEY = 'developmentEmail';

async function developmentEmail(): Promise<string> {
  try {
    if ((await chrome.management.getSelf()).installType !== 'development') return '';
    const stored = (await chrome.storage.local.get(DEVELOPMENT_EMAIL_KEY))[DEVELOPMENT_EMAIL_KEY];
    return typeof stored === 'string' ? stored : '';
  } catch {
    return '';
  }
}

export async function readIdentity(): Promise<UserIdentity> {
  let email = '';
  try {
    // accountStatus ANY: the school account is the browser's primary account
    // whether or not Chrome sync is on.
    email = (await chrome.identity.getProfileUserInfo({ accountStatus: 'ANY' as chrome.identity.AccountStatus })).email;
  } catch {
    // identity unavailable (not signed in, or the API is missing): email stays empty.
  }
  if (!email) email = await developmentEmail();
  const attributes = chrome.enterprise?.deviceAttributes;
  if (!attributes) return { email, device: EMPTY_DEVICE };
  const [directoryId, serialNumber, assetId, location] = await Promise.all([
    deviceAttribute(() => attributes.getDirectoryDeviceId()),
    deviceAttribute(() => attributes.getDeviceSerialNumber()),
    deviceAttribute(() => attributes.getDeviceAssetId()),
    deviceAttribute(() => attributes.getDeviceAnnotatedLocation()),
  ]);
  return { email, device: { directoryId, serialNumber, assetId, location } };
}
