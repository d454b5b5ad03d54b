/** The report outbox as the status page shows it: what waits, what the endpoint refused (kept, never deleted). */
import { deliveryOf } from '../../reports/outbox-record';
import type { ReportOutboxStatus } from '../../shared/status';
import { allRecords } from './outbox-db';
import { readReportBackoff } from './sender';

export async function reportOutboxStatus(): Promise<ReportOutboxStatus> {
  const [records, backoff] = await Promise.all([allRecords(), readReportBackoff()]);
  return {
    waiting: records.filter((record) => deliveryOf(record) === 'saved').length,
    refused: records
      .filter((record) => record.failure)
      .map((record) => ({ id: record.id, status: record.failure!.status, error: record.failure!.error, at: record.failure!.at })),
    retryAt: backoff.nextAttemptAt > Date.now() ? backoff.nextAttemptAt : null,
  };
}
