/** A write limit's 429 in words: which limit, its size and window, and when to try again (with Retry-After). */
import { waitWords } from '../../../src/shared/wait-words';
import { WRITE_UNITS } from '../config/write-limits';
import { HttpError } from '../http/errors';
import type { WriteRefusal } from './write-limits';

const KEPT: Record<WriteRefusal['kind'], string> = {
  events: 'the events stay queued on the device and are sent again then',
  reports: 'the report stays queued on the device and is sent again then',
  allowlists: 'nothing was changed: try again then',
};


export function writeLimitMessage(refusal: WriteRefusal): string {
  const { kind, limited, limit } = refusal;
  const window = limit.windowMinutes === 1 ? 'minute' : `${limit.windowMinutes} minutes`;
  const whose = limited === 'token' ? "this token's limit (shared by every device using it)" : "this account's limit";
  return (
    `too many ${WRITE_UNITS[kind]}: ${whose} is ${limit.max.toLocaleString('en-GB')} ${WRITE_UNITS[kind]} per ${window}; ` +
    `try again after ${refusal.retryAt.toISOString()} (in ${waitWords(refusal.retryAfterSeconds * 1000)}); ${KEPT[kind]}`
  );
}

export function writeLimitError(refusal: WriteRefusal): HttpError {
  return new HttpError(429, writeLimitMessage(refusal), undefined, { 'retry-after': String(refusal.retryAfterSeconds) });
}
