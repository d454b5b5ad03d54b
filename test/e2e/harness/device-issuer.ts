/**
 * The loopback stand-in issuer as devices meet it (issue 21): on another site than the endpoint
 * (localhost, as Google is), with the school's device client registered for the implicit flow and this
 * extension's redirect URI; the policy value that points devices at it; and the whole rig the identity
 * proof e2e tests share.
 */
import { startStandInProvider, type StandInProvider } from '../../server/harness/oidc-provider';
import { type ExtensionSession, extensionIdOf, launchWithExtension } from './browser';
import { type E2eEndpoint, startEndpoint } from './endpoint';
import { signInForTest } from './extension-messages';
import { type HoldingProxy, startHoldingProxy } from './holding-proxy';
import { waitForWorkerState } from './worker-state';

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

export interface ProofRig {
  provider: StandInProvider;
  endpoint: E2eEndpoint;
  /** Between the devices and the endpoint: records each request's proof header and the reply. */
  proxy: HoldingProxy;
  session: ExtensionSession;
  close(): Promise<void>;
}

/**
 * The stand-in issuer, the real endpoint (configured by `options.endpoint`) behind a recording proxy, and
 * Chromium with the built extension under a staff policy that trusts the issuer, signed in as `teacher`.
 */
export async function startProofRig(
  teacher: string,
  options: { endpoint?: (provider: StandInProvider) => Parameters<typeof startEndpoint>[0]; policy?: Record<string, unknown> } = {},
): Promise<ProofRig> {
  const provider = await startDeviceIssuer();
  const endpoint = await startEndpoint(options.endpoint?.(provider));
  const proxy = await startHoldingProxy(endpoint.url);
  const policy = { role: 'staff', endpoint: { ...endpoint.policyValue('staff'), url: proxy.url }, identityProof: identityProofPolicy(provider), ...options.policy };
  const session = await launchWithExtension({ policy: { extension: policy } });
  await waitForWorkerState(session, (s) => s.profile?.role === 'staff', { what: 'the staff profile' });
  await signInForTest(session, teacher);
  return {
    provider,
    endpoint,
    proxy,
    session,
    async close() {
      await session.close();
      await proxy.close();
      await endpoint.close();
      await provider.close();
    },
  };
}
