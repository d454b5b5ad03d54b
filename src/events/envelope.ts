import type { DeviceIdentity } from '../shared/identity';
import type { Profile } from '../policy/profile';
import type { Envelope } from './model';

export interface EnvelopeContext {
  email: string;
  device: DeviceIdentity | null;
  profile: Pick<Profile, 'role' | 'yearGroup'>;
  extensionVersion: string;
  now: Date;
  newId: () => string;
}

/** The common fields of every event, from who and what this device is right now. */
export function envelope(context: EnvelopeContext): Envelope {
  return {
    id: context.newId(),
    time: context.now.toISOString(),
    user: context.email,
    device: {
      directoryId: context.device?.directoryId ?? '',
      serialNumber: context.device?.serialNumber ?? '',
      assetId: context.device?.assetId ?? '',
    },
    yearGroup: context.profile.yearGroup,
    role: context.profile.role,
    extensionVersion: context.extensionVersion,
  };
}
