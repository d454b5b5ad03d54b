/**
 * The school endpoint as the policy names it, read fresh from managed storage
 * when it is needed so the token never sits in the worker's state or the
 * status view.
 */
import { repairPolicy } from '../policy/repair';
import { readManagedStorage } from './managed-storage';

export interface Endpoint {
  url: string;
  token: string;
}

export async function readEndpoint(): Promise<Endpoint | undefined> {
  const { policy } = repairPolicy(await readManagedStorage([]));
  return policy.endpoint;
}

export function endpointUrl(endpoint: Endpoint, path: string): string {
  const base = endpoint.url.endsWith('/') ? endpoint.url : `${endpoint.url}/`;
  return new URL(path.replace(/^\//, ''), base).toString();
}
