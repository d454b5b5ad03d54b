/**
 * Builds the status page's view: the last applied policy plus live facts
 * asked of Chrome and the endpoint when the page asks, not kept in memory.
 */
import type { EndpointReachability, PolicyStatus, StatusView } from '../shared/status';
import { quarantinedBatches, queueTotals } from '../events/queue';
import { identityProofStatus } from './identity-proof';
import { readManagedStorage } from './managed-storage';
import { reportOutboxStatus } from './reports/status';
import { lastUploadAt, readBackoff } from './uploader';
import { readHeldAllows } from './lessons/held-allows';
import { inForce } from '../overrides/lesson-allows';
import { readerKey } from '../school-lists/audience';
import { NO_SCHOOL_LISTS, readerOf, summaryOf } from '../school-lists/device-lists';
import { readHeldLists, screenedSchoolLists } from './school-lists/held-lists';

async function endpointReachability(url: string | null): Promise<EndpointReachability> {
  if (!url) return 'not-configured';
  try {
    const response = await fetch(new URL('v1/health', url.endsWith('/') ? url : `${url}/`), {
      signal: AbortSignal.timeout(3000),
      cache: 'no-store',
    });
    return response.ok ? 'reachable' : 'unreachable';
  } catch {
    return 'unreachable';
  }
}

export async function buildStatusView(policy: PolicyStatus): Promise<StatusView> {
  // The token is hidden in policy.managed, so read the URL from storage itself.
  const managed = await readManagedStorage([]);
  const endpoint = managed.endpoint as { url?: unknown } | undefined;
  const url = policy.problems.some((p) => p.path.startsWith('endpoint')) || typeof endpoint?.url !== 'string' ? null : endpoint.url;
  const [reachability, available, dynamic, session, totals, quarantined, uploadedAt, backoff, reports, lessons, heldLists, identityProof] = await Promise.all([
    endpointReachability(url),
    chrome.declarativeNetRequest.getAvailableStaticRuleCount(),
    chrome.declarativeNetRequest.getDynamicRules(),
    chrome.declarativeNetRequest.getSessionRules(),
    queueTotals(),
    quarantinedBatches(),
    lastUploadAt(),
    readBackoff(),
    reportOutboxStatus(),
    readHeldAllows(),
    readHeldLists(),
    identityProofStatus(),
  ]);
  const now = Date.now();
  const applied = policy.profile ? await screenedSchoolLists(policy.profile, heldLists, now) : { input: NO_SCHOOL_LISTS, refused: [] };
  return {
    ...policy,
    extensionVersion: chrome.runtime.getManifest().version,
    endpoint: { url, reachability },
    rules: {
      enabledRulesets: policy.enabledRulesets.length,
      availableStaticRules: available,
      dynamicRules: dynamic.length,
      sessionRules: session.length,
    },
    lastUploadAt: uploadedAt,
    queue: { events: totals.count, bytes: totals.bytes, quarantined, retryAt: backoff.nextAttemptAt > Date.now() ? backoff.nextAttemptAt : null, lastError: backoff.failures > 0 ? (backoff.lastError ?? null) : null },
    reports,
    schoolLists: {
      policy: { blockDomains: policy.profile?.blockDomains.length ?? 0, allowDomains: policy.profile?.allowDomains.length ?? 0 },
      dashboard: summaryOf(applied.input, heldLists.lists, now),
      refused: applied.refused,
      fetchedAt: heldLists.fetchedAt,
      lastError: heldLists.lastError,
      heldForAnotherReader: policy.profile !== null && heldLists.readerKey !== null && heldLists.readerKey !== readerKey(readerOf(policy.profile)),
    },
    identityProof,
    lessons: {
      inForce: inForce(lessons.allows, Date.now()).map((allow) => ({ domains: allow.domains, expiresAt: allow.expiresAt })),
      fetchedAt: lessons.fetchedAt,
      lastError: lessons.lastError,
    },
  };
}
