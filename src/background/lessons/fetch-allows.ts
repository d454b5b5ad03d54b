/**
 * Asks the school endpoint which lesson allowlists apply to this user now.
 * The reply is validated: a wrong shape is a failure (the held allowlists
 * stay), never an empty list that would end a lesson early.
 */
import { activeOverridesPath, type DeviceOverride, deviceOverridesReplySchema } from '../../overrides/model';
import type { YearGroup } from '../../policy/year-groups';
import { type Endpoint, endpointUrl } from '../endpoint';

const FETCH_TIMEOUT_MS = 5_000;

export async function fetchActiveOverrides(endpoint: Endpoint, email: string, yearGroup: YearGroup | null): Promise<DeviceOverride[]> {
  const response = await fetch(endpointUrl(endpoint, activeOverridesPath(email, yearGroup)), {
    headers: { Authorization: `Bearer ${endpoint.token}` },
    cache: 'no-store',
    signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`the endpoint answered ${response.status}`);
  const parsed = deviceOverridesReplySchema.safeParse(await response.json().catch(() => null));
  if (!parsed.success) throw new Error('the endpoint answered something that is not a list of allowlists');
  return parsed.data.overrides;
}
