/**
 * The loopback stand-in issuer as devices meet it (issue 21): on another site than the endpoint
 * (localhost, as Google is), with the school's device client registered for the implicit flow and this
 * extension's redirect URI, and the policy value that points devices at it.
 */
import { startStandInProvider, type StandInProvider } from '../../server/harness/oidc-provider';
import { extensionIdOf } from './browser';

export const DEVICE_CLIENT = 'school-filter-devices.apps.example';

export async function startDeviceIssuer(): Promise<StandInProvider> {
  const provider = await startStandInProvider({ host: 'localhost' });
  provider.implicitClients = { [DEVICE_CLIENT]: [`https://${await extensionIdOf()}.chromiumapp.org/`] };
  return provider;
}

/** The policy's `identityProof` for devices that trust `provider`. */
export function identityProofPolicy(provider: StandInProvider): { clientId: string; authorizationUrl: string } {
  return { clientId: DEVICE_CLIENT, authorizationUrl: `${provider.issuer}/o/oauth2/v2/auth` };
}
