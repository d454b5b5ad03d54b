/**
 * The critical-endpoint fixture (rules/critical-endpoints.json), pure: the
 * addresses lessons depend on, each with why. No build may stop any of them
 * for any profile: the importer refuses list entries that would
 * (import/screen.ts), and the tests check every profile's rules against them.
 */
import { z } from 'zod';

type ResourceType = `${chrome.declarativeNetRequest.ResourceType}`;

/** Conditions on a profile for an endpoint to apply. */
export const ENDPOINT_CONDITIONS = ['youtube-open'] as const;
export type EndpointCondition = (typeof ENDPOINT_CONDITIONS)[number];

export interface CriticalEndpoint {
  service: string;
  url: string;
  why: string;
  type: ResourceType;
  when?: EndpointCondition;
  /** Set on the copies `alsoAt` makes: the host set this address was repeated from. */
  hostSet?: string;
}

const REQUEST_TYPES = ['main_frame', 'sub_frame', 'xmlhttprequest'] as const;

const httpUrl = z.string().refine((value) => {
  try {
    return /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
}, 'must be an http(s) address');

const fixtureSchema = z.strictObject({
  $comment: z.string().optional(),
  hostSets: z.record(z.string(), z.strictObject({ $comment: z.string().optional(), domains: z.array(z.string().min(1)).min(1) })).default({}),
  endpoints: z
    .array(
      z.strictObject({
        service: z.string().min(1),
        url: httpUrl,
        why: z.string().min(3),
        type: z.enum(REQUEST_TYPES).optional(),
        when: z.enum(ENDPOINT_CONDITIONS).optional(),
        alsoAt: z.string().optional().describe('A host set: the same address at www.<each of its domains>.'),
      }),
    )
    .min(1),
});

/** Every endpoint, host sets expanded; throws one error naming every problem and where it is. */
export function parseCriticalEndpoints(json: unknown, name: string): CriticalEndpoint[] {
  const parsed = fixtureSchema.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new Error(`${name}: invalid critical-endpoint fixture:\n${lines.join('\n')}`);
  }
  const { hostSets, endpoints } = parsed.data;
  const out: CriticalEndpoint[] = [];
  const seen = new Set<string>();
  for (const [index, entry] of endpoints.entries()) {
    const base: CriticalEndpoint = { service: entry.service, url: new URL(entry.url).href, why: entry.why, type: entry.type ?? 'main_frame' };
    if (entry.when) base.when = entry.when;
    const urls = [base.url];
    if (entry.alsoAt !== undefined) {
      const set = hostSets[entry.alsoAt];
      if (!set) throw new Error(`${name}: endpoints.${index}.alsoAt: no host set "${entry.alsoAt}" (have: ${Object.keys(hostSets).join(', ') || 'none'})`);
      for (const domain of set.domains) {
        const url = new URL(base.url);
        url.hostname = `www.${domain}`;
        urls.push(url.href);
      }
    }
    for (const [copy, url] of urls.entries()) {
      if (seen.has(`${base.type} ${url}`)) continue;
      seen.add(`${base.type} ${url}`);
      out.push(copy === 0 || entry.alsoAt === undefined ? { ...base, url } : { ...base, url, hostSet: entry.alsoAt });
    }
  }
  return out;
}

/** Whether an endpoint must be reachable for a profile (YouTube's only where the policy opens YouTube). */
export function endpointApplies(endpoint: CriticalEndpoint, profile: { safeSearch: { youtube: string } }): boolean {
  if (endpoint.when === 'youtube-open') return profile.safeSearch.youtube !== 'block';
  return true;
}
