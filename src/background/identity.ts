/**
 * Who is using this device: the signed-in user's email and, on managed
 * ChromeOS, the device's directory id, serial, asset id and location. Off
 * ChromeOS (or unmanaged) the device fields are empty strings, never errors.
 */
export interface DeviceIdentity {
  directoryId: string;
  serialNumber: string;
  assetId: string;
  location: string;
}

export interface UserIdentity {
  email: string;
  device: DeviceIdentity;
}

const EMPTY_DEVICE: DeviceIdentity = { directoryId: '', serialNumber: '', assetId: '', location: '' };

async function deviceAttribute(read: (() => Promise<string>) | undefined): Promise<string> {
  try {
    return (await read?.()) ?? '';
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
