/**
 * The device never opens a locked category through the school's allow list,
 * whatever the endpoint sends (an old endpoint, lists out of step with the
 * extension's, a forged reply): the endpoint refuses such entries too, and
 * this is the device's own check, with the rule lessons use
 * (src/overrides/locked-listing.ts): an allowed domain that a locked list
 * names (itself or a parent) is dropped, and a listed subdomain of an allowed
 * domain stays blocked (the allow rule's excludedRequestDomains). An address
 * entry counts for its host. `illegal` needs no screening: its band is above
 * every allow (bands.ts). Pure: the worker passes the lists.
 */
import { lockedListing, type LockedList } from '../overrides/locked-listing';
import type { SchoolListRuleInput } from './device-lists';

/** A locked list that can also say every domain it names: the school's allow list can hold 50,000 domains, too many to ask `under` of each. */
export interface ScreenList extends LockedList {
  listed(): Iterable<string>;
}

export interface SchoolAllowRefusal {
  /** The domain, or `host/path`. */
  target: string;
  category: string;
}

/** Every parent of `host`, nearest first (`a.b.example` → `b.example`, `example`). */
function* parentsOf(host: string): Generator<string> {
  let rest = host;
  for (let dot = rest.indexOf('.'); dot >= 0; dot = rest.indexOf('.')) {
    rest = rest.slice(dot + 1);
    yield rest;
  }
}

export function screenSchoolAllows(input: SchoolListRuleInput, lists: readonly ScreenList[]): { input: SchoolListRuleInput; refused: SchoolAllowRefusal[] } {
  if (input.allowDomains.length === 0 && input.allowPaths.length === 0) return { input, refused: [] };
  const refused: SchoolAllowRefusal[] = [];
  const allowDomains = input.allowDomains.filter((domain) => {
    const locked = lockedListing(domain, lists);
    if (locked) refused.push({ target: domain, category: locked.category });
    return !locked;
  });
  const allowPaths = input.allowPaths.filter((entry) => {
    const locked = lockedListing(entry.host, lists);
    if (locked) refused.push({ target: `${entry.host}${entry.path}`, category: locked.category });
    return !locked;
  });
  // One pass over the locked lists (not one scan per allowed domain): a listed domain below an allowed one stays shut.
  const allowed = new Set([...allowDomains, ...allowPaths.map((entry) => entry.host)]);
  const excluded = new Set(input.allowExcluded);
  if (allowed.size > 0) {
    for (const list of lists) {
      for (const listed of list.listed()) {
        for (const parent of parentsOf(listed)) {
          if (allowed.has(parent)) {
            excluded.add(listed);
            break;
          }
        }
      }
    }
  }
  return { input: { ...input, allowDomains, allowPaths, allowExcluded: [...excluded].sort() }, refused };
}
