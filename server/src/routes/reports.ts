import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { API_PATHS } from '../../../src/events/wire';
import { FOLLOW_UP_CLOSED_STATUS, MAX_SCREENSHOT_BASE64_CHARS, reportSchema, reportUpdateSchema, type ReportReply } from '../../../src/reports/model';
import { pictureRefusal } from '../../../src/reports/screenshot-rule';
import { reportWithoutUncarriedAddress } from '../../../src/events/uncarried-address';
import type { AppContext } from '../context';
import { requirePermission } from '../http/bearer';
import { HttpError, parseOr400 } from '../http/errors';
import { proofForRecords, refuseOtherAccount } from '../http/identity-proof';
import { followUpSecretSha256 } from '../reports/follow-up';
import { screenshotRefusedNote } from '../reports/screenshot-note';
import type { ReportUpdateResult } from '../store/store';
import { reportRefusal } from '../limits/report-limits';
import { receiptOf } from './receipt';
import { countedAccounts, enforceWriteLimit, provenAccount } from './write-limit';

/** A report with the largest screenshot, plus room for the text fields. */
const MAX_REPORT_BYTES = MAX_SCREENSHOT_BASE64_CHARS + 32 * 1024;
const idParams = z.object({ id: z.uuid() });

/** The dashboard serves screenshots as image/jpeg: refuse anything that is not one, whatever the label says. */
function isJpeg(base64: string): boolean {
  const bytes = Buffer.from(base64.slice(0, 8), 'base64');
  return bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

/** A refused follow-up changes nothing; the device treats each of these as final (src/reports/outbox-record.ts). */
function refuseUnlessTaken(result: ReportUpdateResult): void {
  if (result === 'not-found') throw new HttpError(404, 'no report with that id');
  if (result === 'wrong-scope') throw new HttpError(403, 'only a token of the scope that sent a report may update it');
  if (result === 'wrong-secret') throw new HttpError(403, "only the device that sent a report may add to it (the report's follow-up secret is missing or wrong)");
  if (result === 'triage-started') {
    throw new HttpError(FOLLOW_UP_CLOSED_STATUS, 'staff have started on this report and it takes no more follow-ups: send a new report');
  }
}

export function registerReports(app: FastifyInstance, context: AppContext): void {
  const onRequest = requirePermission(context.tokens, 'reports:write');

  app.post(API_PATHS.reports, { onRequest, config: { maxBodyBytes: MAX_REPORT_BYTES } }, async (request, reply: FastifyReply): Promise<ReportReply> => {
    // An illegal-feed address is never stored, whatever a device sends (the device's own rule, applied again).
    const report = reportWithoutUncarriedAddress(parseOr400(reportSchema, request.body, 'report'));
    if (report.screenshot && !isJpeg(report.screenshot.base64)) {
      throw new HttpError(400, 'invalid report', [{ path: 'screenshot.base64', message: 'not a JPEG image' }]);
    }
    const proof = await proofForRecords(request, context, [report.user]);
    const now = context.now();
    // A report already held is answered as a duplicate whatever the limits: the device is retrying one that arrived.
    if (!(await context.store.reports.has(report.id))) {
      const limit = await reportRefusal(context.store.reports, report, now);
      if (limit) {
        const minutes = Math.ceil(limit.retryAfterSeconds / 60);
        throw new HttpError(429, `too many reports from this ${limit.limited}: it stays queued on the device and is sent again in ${minutes} minute${minutes === 1 ? '' : 's'}`, undefined, {
          'retry-after': String(limit.retryAfterSeconds),
        });
      }
      await enforceWriteLimit(context, request, 'reports', countedAccounts([report.user], provenAccount(proof)));
    }
    // The device's rule, applied again: a picture the rule forbids is dropped, the report itself is kept.
    const refusal = report.screenshot ? pictureRefusal(report.category, report.reason) : null;
    // Only the secret's hash is kept: a copy of the database lets nobody add to a report.
    const { followUpSecret, ...rest } = report;
    const kept = { ...rest, screenshot: refusal ? null : report.screenshot, followUpSecretSha256: followUpSecret ? followUpSecretSha256(followUpSecret) : null };
    const { created } = await context.store.reports.create(kept, { ...receiptOf(request, now), proof }, refusal ? screenshotRefusedNote(refusal) : null);
    reply.status(created ? 201 : 200);
    return { id: report.id, duplicate: !created };
  });

  app.patch(`${API_PATHS.reports}/:id`, { onRequest, config: { maxBodyBytes: MAX_REPORT_BYTES } }, async (request): Promise<ReportReply> => {
    const params = idParams.safeParse(request.params);
    // An id that is not even a UUID is simply one we do not hold.
    if (!params.success) throw new HttpError(404, 'no report with that id');
    const update = parseOr400(reportUpdateSchema, request.body, 'report update');
    if (update.screenshot && !isJpeg(update.screenshot.base64)) {
      throw new HttpError(400, 'invalid report update', [{ path: 'screenshot.base64', message: 'not a JPEG image' }]);
    }
    // The account is the one the report names (the follow-up names none); an unknown id counts for the token only and gets its 404 below.
    const held = await context.store.reports.get(params.data.id);
    const { followUpSecret, ...followUp } = update;
    // The account is the report's own: the store compares it with the proof in the same transaction as it reads the report.
    const proof = await proofForRecords(request, context, []);
    await enforceWriteLimit(context, request, 'reports', countedAccounts(held ? [held.user] : [], provenAccount(proof)));
    const result = await context.store.reports.update(
      params.data.id,
      { ...followUp, followUpSecretSha256: followUpSecret ? followUpSecretSha256(followUpSecret) : null },
      { ...receiptOf(request, context.now()), proof },
    );
    if (result === 'other-account') throw refuseOtherAccount(request, 'the report is for another account than the identity proof');
    refuseUnlessTaken(result);
    return { id: params.data.id, duplicate: false };
  });
}
