/**
 * What one device is sent (pure): the entries in force that apply to it
 * (src/school-lists/audience.ts, the same rule the device's profile follows),
 * as domains and addresses grouped by action and end date. Who added an
 * entry, why, for whom and from which report stay on the endpoint.
 */
import { LIST_ACTIONS, listApplies, type ListReader } from '../../../src/school-lists/audience';
import type { DeviceSchoolList, SchoolListsReply } from '../../../src/school-lists/model';
import type { SchoolListEntry } from '../store/rows';

export function deviceReplyOf(version: string, entries: readonly SchoolListEntry[], reader: ListReader): SchoolListsReply {
  const groups = new Map<string, DeviceSchoolList>();
  for (const entry of entries) {
    if (!listApplies(entry.audience, entry.action, reader)) continue;
    const key = `${entry.action} ${entry.endsAt ?? ''}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { action: entry.action, endsAt: entry.endsAt, domains: [], paths: [] }));
    (entry.kind === 'domain' ? group.domains : group.paths).push(entry.target);
  }
  const lists = [...groups.values()];
  for (const list of lists) {
    list.domains.sort();
    list.paths.sort();
  }
  // Blocks first, then by end (no end date last): the same lists always read the same.
  lists.sort((a, b) => LIST_ACTIONS.indexOf(a.action) - LIST_ACTIONS.indexOf(b.action) || (a.endsAt ?? '~').localeCompare(b.endsAt ?? '~'));
  return { version, lists };
}

/**
 * Replies built once per version of the lists and reader, as JSON text: with
 * 50,000 entries a reply is about a megabyte, and every device asks every
 * minute. Only the newest version is kept; the cache holds nothing the
 * database does not (a restart rebuilds it), so processes sharing one
 * database stay correct.
 */
export class DeviceReplyCache {
  private version: string | null = null;
  private readonly bodies = new Map<string, string>();

  lookup(version: string, readerKey: string): string | undefined {
    return version === this.version ? this.bodies.get(readerKey) : undefined;
  }

  keep(version: string, readerKey: string, body: string): void {
    if (version !== this.version) {
      this.version = version;
      this.bodies.clear();
    }
    this.bodies.set(readerKey, body);
  }
}
