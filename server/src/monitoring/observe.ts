/**
 * Watching events as they arrive: after a batch is stored, its evidence
 * (evidence.ts) joins alerts (the store) and the notifier hears of every alert
 * opened or raised. Called by POST /v1/events once the events are stored.
 *
 * The events are stored first, so nothing here can lose one. A matcher failing on one event loses only
 * that event's words (logged). If recording the evidence fails (the database), this says so and the route
 * answers 503: the device keeps the batch and sends it again after its backoff, the events are already
 * held (duplicates by id), and the batch is observed again. Evidence is held once per event and risk, so
 * however many times a batch arrives it adds its evidence once, and none is lost to a passing fault.
 * The notifier is never waited for: a slow mail server must not hold an upload.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { FilterEvent } from '../../../src/events/model';
import type { AppContext } from '../context';
import type { AlertChange } from '../store/store';
import type { AlertNotice } from './alert-notice';
import { evidenceFrom } from './evidence';
import { isTrust } from '../schools/scope';

/** `inTrust`: the endpoint serves a trust's schools (config `schools`), so the notice names the alert's school. */
export function noticeOf({ alert, change }: AlertChange, inTrust: boolean): AlertNotice {
  return {
    alertId: alert.id,
    risk: alert.risk,
    severity: alert.severity,
    yearGroup: alert.yearGroup,
    openedAt: alert.openedAt,
    lastEvidenceAt: alert.lastEvidenceAt,
    evidenceCount: alert.evidenceCount,
    change,
    ...(inTrust ? { school: alert.school } : {}),
  };
}

/** Tells the notifier without waiting for it: a slow mail server must not hold the device's upload. */
function tell(context: AppContext, change: AlertChange, log: FastifyBaseLogger): void {
  const failed = (error: unknown) => log.error({ err: error, alertId: change.alert.id }, 'alert notifier failed');
  try {
    context.alertNotifier.alertChanged(noticeOf(change, isTrust(context.config))).catch(failed);
  } catch (error) {
    failed(error);
  }
}

/** False when the evidence could not be recorded: the batch should come again (the route's 503). */
/** `school`: the sending token's; the alerts its evidence opens or joins are that school's. */
export async function observeBatch(context: AppContext, events: readonly FilterEvent[], receivedAt: Date, log: FastifyBaseLogger, school: string): Promise<boolean> {
  try {
    const rules = { includeStaff: context.config.alertOnStaff };
    const evidence = events.flatMap((event) => {
      try {
        return evidenceFrom(event, receivedAt, context.riskMatcher, rules);
      } catch (error) {
        log.error({ err: error, eventId: event.id }, 'finding safeguarding evidence in an event failed; the event is stored');
        return [];
      }
    });
    const changes = await context.store.alerts.addEvidence(evidence, receivedAt, school);
    for (const change of changes) tell(context, change, log);
    return true;
  } catch (error) {
    log.error({ err: error, events: events.length }, 'recording safeguarding evidence from an event batch failed; its events are stored, and the device is asked to send it again');
    return false;
  }
}
