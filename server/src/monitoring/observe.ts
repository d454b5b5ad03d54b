/**
 * Watching events as they arrive: after a batch is stored, its evidence
 * (evidence.ts) joins alerts (the store) and the notifier hears of every alert
 * opened or raised. Called by POST /v1/events once the events are stored.
 *
 * Nothing here may cost an upload: the events are already stored, and an
 * upload that failed would be retried by the device again and again. So a
 * failure is logged, not thrown: the batch's events stay in the log (log
 * search, and the category blocks on the Alerts page, still show them), but
 * the evidence from that batch is not recorded, and the log line names how
 * many events it was and the error, for whoever reads the process log to look.
 * The device is not asked to send it again (its events are held), so that
 * evidence stays missing: the DSL reads those events in log search. A matcher
 * failing on one event loses only that event's words. A batch posted again is
 * observed again, and adds nothing: the store holds each event's evidence once.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { FilterEvent } from '../../../src/events/model';
import type { AppContext } from '../context';
import type { AlertChange } from '../store/store';
import type { AlertNotice } from './alert-notice';
import { evidenceFrom } from './evidence';

export function noticeOf({ alert, change }: AlertChange): AlertNotice {
  return {
    alertId: alert.id,
    risk: alert.risk,
    severity: alert.severity,
    yearGroup: alert.yearGroup,
    openedAt: alert.openedAt,
    lastEvidenceAt: alert.lastEvidenceAt,
    evidenceCount: alert.evidenceCount,
    change,
  };
}

/** Tells the notifier without waiting for it: a slow mail server must not hold the device's upload. */
function tell(context: AppContext, change: AlertChange, log: FastifyBaseLogger): void {
  const failed = (error: unknown) => log.error({ err: error, alertId: change.alert.id }, 'alert notifier failed');
  try {
    context.alertNotifier.alertChanged(noticeOf(change)).catch(failed);
  } catch (error) {
    failed(error);
  }
}

export async function observeBatch(context: AppContext, events: readonly FilterEvent[], receivedAt: Date, log: FastifyBaseLogger): Promise<void> {
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
    const changes = await context.store.alerts.addEvidence(evidence, receivedAt);
    for (const change of changes) tell(context, change, log);
  } catch (error) {
    log.error({ err: error, events: events.length }, 'observing an event batch for safeguarding alerts failed; its events are stored');
  }
}
