import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { API_PATHS } from '../../../src/events/wire';
import { MAX_SCREENSHOT_BASE64_CHARS, reportSchema, reportUpdateSchema, type ReportReply } from '../../../src/reports/model';
import type { AppContext } from '../context';
import { requirePermission } from '../http/bearer';
import { HttpError, parseOr400 } from '../http/errors';
import { reportRefusal } from '../limits/report-limits';
import { receiptOf } from './receipt';

/** A report with the largest screenshot, plus room for the text fields. */
const MAX_REPORT_BYTES = MAX_SCREENSHOT_BASE64_CHARS + 32 * 1024;
const idParams = z.object({ id: z.uuid() });

/** The dashboard serves screenshots as image/jpeg: refuse anything that is not one, whatever the label says. */
function isJpeg(base64: string): boolean {
  const bytes = Buffer.from(base64.slice(0, 8), 'base64');
  return bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

export function registerReports(app: FastifyInstance, context: AppContext): void {
  const onRequest = requirePermission(context.tokens, 'reports:write');

  app.post(API_PATHS.reports, { onRequest, config: { maxBodyBytes: MAX_REPORT_BYTES } }, async (request, reply: FastifyReply): Promise<ReportReply> => {
    const report = parseOr400(reportSchema, request.body, 'report');
    if (report.screenshot && !isJpeg(report.screenshot.base64)) {
      throw new HttpError(400, 'invalid report', [{ path: 'screenshot.base64', message: 'not a JPEG image' }]);
    }
    const now = context.now();
    // A report already held is answered as a duplicate whatever the limits: the device is retrying one that arrived.
    if (!(await context.store.reports.has(report.id))) {
      const refusal = await reportRefusal(context.store.reports, report, now);
      if (refusal) {
        const minutes = Math.ceil(refusal.retryAfterSeconds / 60);
        throw new HttpError(429, `too many reports from this ${refusal.limited}: it stays queued on the device and is sent again in ${minutes} minute${minutes === 1 ? '' : 's'}`, undefined, {
          'retry-after': String(refusal.retryAfterSeconds),
        });
      }
    }
    const { created } = await context.store.reports.create(report, receiptOf(request, now));
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
    const result = await context.store.reports.update(params.data.id, update, receiptOf(request, context.now()));
    if (result === 'not-found') throw new HttpError(404, 'no report with that id');
    if (result === 'wrong-scope') throw new HttpError(403, 'only a token of the scope that sent a report may update it');
    return { id: params.data.id, duplicate: false };
  });
}
