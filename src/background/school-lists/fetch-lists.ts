/**
 * Asks the school endpoint for the lists that apply to this device, with the
 * ETag of the copy it holds. A reply is validated with the shared schema
 * (src/school-lists/model.ts): a wrong shape, a list past the limits or any
 * entry a device could not apply is a failure, and the held copy stays.
 * Never a partial copy.
 */
import { type ListReader, readerKey } from '../../school-lists/audience';
import { type HeldSchoolList, heldListsOf } from '../../school-lists/device-lists';
import { schoolListsEtag, schoolListsPath, schoolListsReplySchema } from '../../school-lists/model';
import { type Endpoint, endpointUrl } from '../endpoint';

const FETCH_TIMEOUT_MS = 10_000;

export type ListsFetch = { kind: 'unchanged' } | { kind: 'lists'; etag: string; lists: HeldSchoolList[] };

export async function fetchSchoolLists(endpoint: Endpoint, reader: ListReader, etag: string | null): Promise<ListsFetch> {
  const response = await fetch(endpointUrl(endpoint, schoolListsPath(reader)), {
    headers: { Authorization: `Bearer ${endpoint.token}`, ...(etag ? { 'If-None-Match': etag } : {}) },
    cache: 'no-store',
    signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
  });
  if (response.status === 304) return { kind: 'unchanged' };
  if (!response.ok) throw new Error(`the endpoint answered ${response.status}`);
  const parsed = schoolListsReplySchema.safeParse(await response.json().catch(() => null));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`the endpoint's reply is not a school list this device can apply (${issue ? `${issue.path.join('.') || 'reply'}: ${issue.message}` : 'invalid'}), so the copy held stays`);
  }
  return { kind: 'lists', etag: response.headers.get('ETag') ?? schoolListsEtag(parsed.data.version, readerKey(reader)), lists: heldListsOf(parsed.data) };
}
