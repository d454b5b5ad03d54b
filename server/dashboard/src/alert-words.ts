/** Safeguarding alerts in the DSL's words: severities, statuses and kinds of evidence. */
import { RISK_NAMES, type RiskId, type Severity } from '../../src/monitoring/risks';
import type { AlertStatus, EvidenceKind } from '../../src/store/alert-rows';

export const SEVERITY_WORDS: Record<Severity, string> = { low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' };

export const ALERT_STATUS_WORDS: Record<AlertStatus, string> = { new: 'New', 'in-review': 'In review', escalated: 'Escalated', resolved: 'Resolved' };

export const EVIDENCE_KIND_WORDS: Record<EvidenceKind, string> = {
  search: 'Search',
  title: 'Page title',
  block: 'Blocked',
  warn: 'Warned',
  repeat: 'Repeated blocks',
};

export function riskWords(risk: RiskId): string {
  return RISK_NAMES[risk] ?? risk;
}

/** What an IT Lead reads in place of the pupil of an alert only a DSL sees in full. */
export const WITHHELD_PUPIL = 'Only a DSL sees who';
