/**
 * Safeguarding alerts as the store hands them back: plain data, no zod, so the
 * dashboard's browser code can import these types and lists.
 */
import type { Envelope } from '../../../src/events/model';
import type { RiskId, Severity } from '../monitoring/risks';
import type { StoredVerification } from '../dashboard-api/verification';

export const ALERT_STATUSES = ['new', 'in-review', 'escalated', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/**
 * What a piece of evidence was: a search term or a page title a phrase list
 * matched, a block or warning in a high-risk category, or a block that made
 * several in a few minutes (monitoring/incident.ts).
 */
export const EVIDENCE_KINDS = ['search', 'title', 'block', 'warn', 'repeat'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export interface AlertEvidence {
  eventId: string;
  kind: EvidenceKind;
  severity: Severity;
  /** The time the endpoint records for the event (the device's, clamped: store/event-time.ts). */
  time: string;
  /** The device's own time when it was too far ahead and clamped, else null. */
  claimedTime: string | null;
  /** When the endpoint received it: alerts are grouped and ordered by this. */
  receivedAt: string;
  /** The site; empty for a search engine's own page title or an illegal-feed block (which carries no address). */
  host: string;
  /** The pupil's words verbatim, only for risks that may be quoted (risks.ts DESCRIBED_NOT_QUOTED); else null. */
  quote: string | null;
  /** What kind of thing it was, in words a DSL reads: never explicit. */
  description: string;
  /** Whether an identity proof showed the pupil's own device sent the event. */
  verification: StoredVerification;
}

export interface AlertSummary {
  id: string;
  /** The pupil; null when the reader may not see it (a DSL-only risk, read by an IT Lead). */
  user: string | null;
  yearGroup: Envelope['yearGroup'];
  risk: RiskId;
  /** The highest of its evidence. */
  severity: Severity;
  status: AlertStatus;
  /** When its first and its newest evidence arrived at the endpoint. */
  openedAt: string;
  lastEvidenceAt: string;
  evidenceCount: number;
  /** True when the reader sees only that it exists (monitoring/visibility.ts). */
  withheld: boolean;
  /** The school of the pupil's events (the sending token's: schools/scope.ts). */
  school: string;
}

export type AlertTrailAction = 'opened' | 'raised' | 'status' | 'note';

export interface AlertTrailEntry {
  at: string;
  /** A dashboard username, or `endpoint` for what the endpoint did as evidence arrived. */
  actor: string;
  action: AlertTrailAction;
  status: AlertStatus | null;
  /** For `opened` and `raised`: the severity it then had. */
  severity: Severity | null;
  note: string | null;
}

export interface AlertPage {
  alerts: AlertSummary[];
  total: number;
  offset: number;
  limit: number;
}

export interface AlertDetail extends AlertSummary {
  /** A page of its evidence, newest received first; null when withheld. `evidenceCount` is the total. */
  evidence: AlertEvidence[] | null;
  evidenceOffset: number;
  evidenceLimit: number;
  /** Oldest first; null when withheld (notes are a DSL's words about the pupil). */
  trail: AlertTrailEntry[] | null;
}
