/**
 * Who is using this device, as the worker reads it (src/background/identity.ts
 * does the reading): the signed-in user's email and, on managed ChromeOS, the
 * device's directory id, serial, asset id and location. Off ChromeOS (or
 * unmanaged) the device fields are empty strings. The types live here so the
 * pure core (events, status) can name them without importing the worker.
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
