/**
 * What the worker reports about itself: the status page shows it to the IT
 * admin at the device, and the e2e harness reads it.
 */
import type { DeviceIdentity } from './identity';
import type { PolicyProblem } from '../policy/repair';
import type { Profile } from '../policy/profile';
import type { QuarantineSummary } from '../events/queue';
import type { SchoolListSummary } from '../school-lists/device-lists';
import type { SchoolAllowRefusal } from '../school-lists/screen';

export interface PolicyStatus {
  /** When the policy was last read and applied (ms since epoch); null before the first read. */
  appliedAt: number | null;
  /** Why: the worker woke, the extension was installed, or the Admin console policy changed. */
  reason: 'wake' | 'installed' | 'policy-changed' | null;
  /** The raw policy as Chrome delivered it, token hidden. */
  managed: Record<string, unknown>;
  problems: PolicyProblem[];
  /** Hash of the repaired policy and its problems (the policy event and heartbeat carry it). */
  policyHash: string | null;
  profile: Profile | null;
  email: string;
  device: DeviceIdentity | null;
  enabledRulesets: string[];
  /** Dynamic rules the plan holds (admin lists, safe search, lesson allows, the school lists). */
  dynamicRuleCount: number;
  /** DNR writes the last apply made: 0 when the plan was already in force. */
  ruleWrites: number;
}

/** The report outbox: reports never wait behind the log, and a refused one stays visible here. */
export interface ReportOutboxStatus {
  /** Reports (or follow-ups) not yet acknowledged by the endpoint. */
  waiting: number;
  /** Refused for good (a 4xx other than 408/429): kept on the device, tried again after a policy change. */
  refused: { id: string; status: number; error: string; at: number }[];
  retryAt: number | null;
}

export type EndpointReachability = 'not-configured' | 'reachable' | 'unreachable';

export interface StatusView extends PolicyStatus {
  extensionVersion: string;
  endpoint: { url: string | null; reachability: EndpointReachability };
  rules: { enabledRulesets: number; availableStaticRules: number; dynamicRules: number; sessionRules: number };
  /** When the uploader last had a batch accepted; null until a first upload. */
  lastUploadAt: number | null;
  queue: {
    events: number;
    bytes: number;
    /** Batches the endpoint refused for good (a permanent 4xx): kept here, not retried. */
    quarantined: QuarantineSummary[];
    /** When the next upload may be tried after failures; null when not backing off. */
    retryAt: number | null;
    /** Why the last upload failed, while backing off. */
    lastError: string | null;
  };
  reports: ReportOutboxStatus;
  /**
   * The school's own lists: the policy's (Admin console) and the dashboard's (the
   * endpoint), side by side, so the IT Lead at a device sees which holds a site.
   */
  schoolLists: {
    policy: { blockDomains: number; allowDomains: number };
    /** The dashboard's lists as this device applies them now (in force, for this device, screened). */
    dashboard: SchoolListSummary;
    /** Allowed on the dashboard but in a locked category by this extension's lists: kept blocked here. */
    refused: SchoolAllowRefusal[];
    /** Last answer from the endpoint; null before the first. */
    fetchedAt: number | null;
    /** Why the last ask failed or its reply was refused (the copy held stays); null after a success. */
    lastError: string | null;
    /** The copy held was fetched for another year group or role: only its blocks apply until the endpoint answers. */
    heldForAnotherReader: boolean;
  };
  /** The proof of the signed-in account sent beside the endpoint token (issue 21); never the proof itself. */
  identityProof: {
    /** The policy names the school's OAuth client (`identityProof`). */
    configured: boolean;
    /** Whom the proof held now names, and until when it is sent; null when none is held. */
    held: { account: string; expiresAt: number } | null;
    /** Why the last attempt to get one failed; null after a success. */
    lastError: string | null;
  };
  /** Teachers' lesson allowlists held on this device. */
  lessons: {
    inForce: { domains: string[]; expiresAt: number }[];
    /** Last answer from the endpoint; null before the first. */
    fetchedAt: number | null;
    lastError: string | null;
  };
}
