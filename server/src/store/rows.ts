/**
 * What the store hands back: plain data, no zod, so the dashboard's browser
 * code can import these types (and the status list) without pulling in the
 * server.
 */
import type { Envelope, FilterEvent } from '../../../src/events/model';
import type { Override } from '../../../src/overrides/model';
import type { Report } from '../../../src/reports/model';
import type { ListAction, ListAudience } from '../../../src/school-lists/audience';
import type { DashboardRole } from '../dashboard-api/types';
import type { AlertDetail } from './alert-rows';
import type { StoredVerification } from '../dashboard-api/verification';

export const REPORT_STATUSES = ['new', 'in-review', 'escalated-to-dsl', 'resolved'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export interface EventRow {
  /** The event as the device sent it, its own `time` included: kept whole, as evidence. */
  event: FilterEvent;
  /**
   * The time the endpoint records for it: the device's time, unless that was
   * more than a few minutes after the endpoint received it (a clock ahead, or
   * a forgery), when it is the receive time. Log searches' windows use this.
   */
  time: string;
  /** The device's time when `time` had to be clamped, else null: "the device's clock was ahead". */
  claimedTime: string | null;
  /** When the endpoint received it (the endpoint's clock): safeguarding views are ordered by this. */
  receivedAt: string;
  clientIp: string;
  tokenLabel: string;
  /** The school of the token that sent it (schools/scope.ts). */
  school: string;
  /** Whether an identity proof showed that `event.user` sent it. */
  verification: StoredVerification;
}

export interface ReportSummary {
  id: string;
  time: string;
  receivedAt: string;
  updatedAt: string;
  user: string;
  device: Envelope['device'];
  yearGroup: Envelope['yearGroup'];
  role: Envelope['role'];
  url: string;
  title: string;
  category: Report['category'];
  reason: Report['reason'];
  comment: string | null;
  urgent: boolean;
  status: ReportStatus;
  hasScreenshot: boolean;
  /** Whether an identity proof showed that `user` sent it. */
  verification: StoredVerification;
  /** The school of the token that sent it (schools/scope.ts). */
  school: string;
}

/** A page of the reports queue, and how many there are in all. */
export interface ReportPage {
  reports: ReportSummary[];
  total: number;
  offset: number;
  limit: number;
}

/** `school-list`: staff changed the school lists from this report (the entry is named). */
export type ReportTrailAction = 'received' | 'pupil-update' | 'status' | 'note' | 'school-list';

export interface ReportTrailEntry {
  at: string;
  /** A dashboard username, or `device:<token label>` for what the extension sent. */
  actor: string;
  action: ReportTrailAction;
  status: ReportStatus | null;
  note: string | null;
  /** For `school-list`: the entry made, changed or removed from this report. */
  schoolListEntryId: string | null;
}

/**
 * Where a version of the pupil's words came from: the report itself, a follow-up, or
 * (for reports received before versions were kept) the words held then, earlier ones lost.
 */
export const REPORT_VERSION_SOURCES = ['report', 'follow-up', 'held-before-versions'] as const;
export type ReportVersionSource = (typeof REPORT_VERSION_SOURCES)[number];

/** One version of the pupil's words, as received: never changed, never deleted before the report. */
export interface ReportVersion {
  version: number;
  /** When the endpoint received these words. */
  at: string;
  source: ReportVersionSource;
  reason: Report['reason'];
  comment: string | null;
  /** The token label and address they came through; empty when not known (held-before-versions). */
  tokenLabel: string;
  clientIp: string;
  /** Whether an identity proof showed that the report's account sent these words. */
  verification: StoredVerification;
}

export interface ReportDetail extends ReportSummary {
  extensionVersion: string;
  clientIp: string;
  tokenLabel: string;
  trail: ReportTrailEntry[];
  /** Every version of the pupil's reason and comment, oldest first; the last is what the summary shows. */
  versions: ReportVersion[];
}

export interface OverrideRow extends Override {
  /** The school of the staff token that opened it. */
  school: string;
  createdAt: string;
  tokenLabel: string;
  clientIp: string;
  /** An identity proof showed that `createdBy` created it (false: the caller's word only). */
  createdByVerified: boolean;
  /** The same for `endedBy`; null while it has not been ended. */
  endedByVerified: boolean | null;
}

export interface DeviceRow {
  key: string;
  directoryId: string;
  serialNumber: string;
  assetId: string;
  /** Who and what (user, version, policy hash) follow the batch received last, not the event times a device claims. */
  lastUser: string;
  /** When the endpoint last received anything from it (the endpoint's clock). */
  lastSeenAt: string;
  extensionVersion: string;
  policyHash: string | null;
  /** When its newest heartbeat was made, never later than when it arrived. */
  lastHeartbeatAt: string | null;
  clientIp: string;
  /** When the endpoint last received an event for it dated too far ahead (clamped), and the time that event claimed. */
  clockAheadReceivedAt: string | null;
  clockAheadClaimedTime: string | null;
  /** The school of the token that last wrote for it. */
  school: string;
}

/** A device in a subject access export: the last user is named only when it is the person asking. */
export type SubjectAccessDevice = Omit<DeviceRow, 'lastUser'> & { lastUser: string | null };

export interface RosterClass {
  /** Each school has its own classes (every school has a 7A). */
  school: string;
  className: string;
  pupils: string[];
  uploadedAt: string;
  uploadedBy: string;
}

export interface RosterRow {
  school: string;
  className: string;
  pupil: string;
  uploadedAt: string;
  uploadedBy: string;
}

/** An allowlist in one person's subject access export: no other pupil's account, no one else's words. */
export interface SubjectAccessAllowlist {
  id: string;
  /** How it concerns this person. */
  concerns: ('named' | 'opened' | 'ended')[];
  domains: string[];
  startsAt: string;
  endsAt: string;
  createdAt: string;
  createdBy: string;
  endedAt: string | null;
  endedBy: string | null;
  /** An identity proof showed `createdBy` (and `endedBy`, null while not ended) did it; false: the device's word only. */
  createdByVerified: boolean;
  endedByVerified: boolean | null;
  audience: {
    yearGroups: Override['audience']['yearGroups'];
    classes: string[];
    /** It named this person as a pupil. */
    namesThisPerson: boolean;
    /** How many pupils it named (this person included): never their accounts. */
    namedPupils: number;
  };
  /** The teacher's reason: only in the export of the person who wrote it. */
  reason: string | null;
  /** True when a reason exists but is another person's words: the reviewer reads it on the Allowlists page. */
  reasonWithheld: boolean;
  /** The token label and address it was opened through: only for the person who opened it. */
  tokenLabel: string | null;
  clientIp: string | null;
}

export interface SubjectAccessExport {
  user: string;
  generatedAt: string;
  events: EventRow[];
  reports: (ReportDetail & { screenshotBase64: string | null })[];
  /**
   * Safeguarding alerts about them, with all their evidence and trail. An IT Lead's export shows an alert
   * for a DSL-only risk as existing only (monitoring/visibility.ts): a DSL makes the export that holds it,
   * and decides what of it to release (a safeguarding record may be withheld where releasing it would
   * cause serious harm, DPA 2018 Schedule 3).
   */
  alerts: AlertDetail[];
  /** Allowlists that name them as a pupil, or that they opened or ended: only what is about them (server/src/privacy/subject-allowlists.ts). */
  overrides: SubjectAccessAllowlist[];
  rosterRows: RosterRow[];
  /** Every device they appear on in the events and reports held, or were the last user of. */
  devices: SubjectAccessDevice[];
}

/** One entry on the school's own block or allow list (src/school-lists/), as the dashboard sees it. */
export interface SchoolListEntry {
  id: string;
  action: ListAction;
  /** `example.com`, or `example.com/path` (src/school-lists/target.ts). */
  target: string;
  kind: 'domain' | 'path';
  audience: ListAudience;
  reason: string;
  /** The optional end date; null for none. */
  endsAt: string | null;
  /** The report it was made from, if any. */
  reportId: string | null;
  createdBy: string;
  createdRole: DashboardRole;
  createdAt: string;
  updatedBy: string | null;
  updatedAt: string | null;
  /** When it stopped applying (removed, or its end date passed); null while in force. */
  endedAt: string | null;
  endedHow: 'removed' | 'expired' | null;
  endedBy: string | null;
  /** One school's entry, or the whole trust's ("trust": schools/scope.ts TRUST_WIDE), whose devices all apply it. */
  school: string;
}

export const SCHOOL_LIST_CHANGES = ['added', 'edited', 'removed', 'expired'] as const;
export type SchoolListChangeKind = (typeof SCHOOL_LIST_CHANGES)[number];

/** One row of the school lists' trail: who changed what, when and why, and the entry as it left it. */
export interface SchoolListChange {
  seq: number;
  entryId: string;
  action: ListAction;
  target: string;
  at: string;
  /** A dashboard username; empty for an end date passing. */
  actor: string;
  actorRole: DashboardRole | null;
  change: SchoolListChangeKind;
  reason: string | null;
  reportId: string | null;
  audience: ListAudience;
  endsAt: string | null;
}

export interface SchoolListEntryDetail extends SchoolListEntry {
  trail: SchoolListChange[];
}
