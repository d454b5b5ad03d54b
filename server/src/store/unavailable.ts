/**
 * A write the store could not take now, with nothing of it stored: the ingest queue was full, or SQLite's
 * writer thread stopped before committing. The route answers 503 with Retry-After; the device keeps the batch
 * and sends it again (idempotent by event id), so nothing it has not been told is stored is lost.
 */
export class StoreUnavailableError extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = 'StoreUnavailableError';
  }
}
