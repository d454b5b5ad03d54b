/**
 * Who sees and changes what of a safeguarding alert. Pure; the dashboard API
 * applies it to every reply and change, so the rule holds whatever the page shows.
 */
import type { DashboardRole } from '../dashboard-api/types';
import type { AlertDetail, AlertStatus, AlertSummary } from '../store/alert-rows';
import { isDslOnly, type RiskId } from './risks';

/** A DSL sees every alert in full; an IT Lead every alert but those of DSL-only risks (self-harm, suicide, CSE). */
export function seesInFull(role: DashboardRole, risk: RiskId): boolean {
  return role === 'dsl' || !isDslOnly(risk);
}

/**
 * What a reader may see of an alert in a list. Withheld: that it exists, its risk, severity, year group,
 * times, evidence count and status (so no queue is hidden from the IT Lead), never the pupil. The risk
 * stays: it says why only the DSL can act, and without the pupil it names nobody.
 */
export function summaryFor<A extends AlertSummary>(role: DashboardRole, alert: A): A {
  return seesInFull(role, alert.risk) ? alert : { ...alert, user: null, withheld: true };
}

/** One alert as a reader may see it: withheld, no evidence and no trail (notes are a DSL's words about the pupil). */
export function detailFor(role: DashboardRole, alert: AlertDetail): AlertDetail {
  return seesInFull(role, alert.risk) ? alert : { ...summaryFor(role, alert), evidence: null, trail: null };
}

/**
 * Why this reader may not make this change, or null when they may. Nobody but a DSL changes an alert it
 * cannot see; once escalated, only a DSL changes its status (as with reports), though an IT Lead may
 * still add a note to one it can see.
 */
export function changeRefusal(role: DashboardRole, alert: { risk: RiskId; status: AlertStatus }, change: 'status' | 'note'): string | null {
  if (!seesInFull(role, alert.risk)) return 'only a DSL may act on an alert of this risk';
  if (change === 'status' && alert.status === 'escalated' && role !== 'dsl') return 'only a DSL may change an escalated alert';
  return null;
}
