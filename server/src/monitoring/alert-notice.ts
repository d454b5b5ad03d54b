/**
 * What leaves the endpoint about an alert (email, webhook): the minimum to get the right person
 * to the dashboard quickly. No pupil name, no evidence, no search term: a mailbox or a
 * safeguarding system is not the place a pupil's words should be copied to.
 */
import type { YearGroup } from '../../../src/policy/year-groups';
import type { RiskId, Severity } from './risks';

export interface AlertNotice {
  alertId: string;
  risk: RiskId;
  severity: Severity;
  yearGroup: YearGroup | null;
  /** When the first evidence arrived at the endpoint (ISO 8601). */
  openedAt: string;
  /** When the newest evidence arrived (ISO 8601). */
  lastEvidenceAt: string;
  evidenceCount: number;
  /** `opened`: a new alert; `raised`: an open alert whose severity went up. */
  change: 'opened' | 'raised';
  /** The alert's school (schools/scope.ts): its own DSL and IT Lead are told beside the trust's. Absent: the single school's. */
  school?: string;
}

/** Told by the alerts code whenever an alert opens or its severity rises; notifications decide what to send. */
export interface AlertNotifier {
  alertChanged(notice: AlertNotice): Promise<void>;
}
