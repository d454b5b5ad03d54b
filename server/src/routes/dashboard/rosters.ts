/**
 * Class rosters, uploaded as CSV (`class,pupil email`, an optional header
 * row): what lets a teacher open an allowlist for "9X/Cs1". Each class in the
 * upload replaces that class; the others stay.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { emailSchema } from '../../../../src/overrides/model';
import type { AppContext } from '../../context';
import { parseCsv } from '../../csv/parse';
import { DASHBOARD_API, type RostersReply, type RosterUploadReply } from '../../dashboard-api/types';
import { scopeOf, staffOf } from '../../http/dashboard-auth';
import { HttpError, parseOr400, type Issue } from '../../http/errors';
import { schoolQuerySchema } from '../../dashboard-api/requests';
import { readFilter, schoolForCreation } from '../../schools/scope';
import type { RosterRowInput } from '../../store/store';

const MAX_ROSTER_BYTES = 2 * 1024 * 1024;
const className = z.string().trim().min(1).max(100);

export function parseRoster(text: string): { rows: RosterRowInput[]; issues: Issue[] } {
  const rows: RosterRowInput[] = [];
  const issues: Issue[] = [];
  const records = parseCsv(text);
  const first = records[0];
  const hasHeader = first !== undefined && /^class/i.test(first.cells[0]?.trim() ?? '');
  for (const record of hasHeader ? records.slice(1) : records) {
    const [rawClass = '', rawPupil = ''] = record.cells;
    const klass = className.safeParse(rawClass);
    const pupil = emailSchema.safeParse(rawPupil.trim());
    if (record.cells.length !== 2) issues.push({ path: `line ${record.line}`, message: `expected 2 columns (class, pupil email), found ${record.cells.length}` });
    else if (!klass.success) issues.push({ path: `line ${record.line}`, message: 'the class name is empty or longer than 100 characters' });
    else if (!pupil.success) issues.push({ path: `line ${record.line}`, message: 'the second column is not an email address' });
    else rows.push({ className: klass.data, pupil: pupil.data });
  }
  if (rows.length === 0 && issues.length === 0) issues.push({ path: 'file', message: 'no rows: expected lines of "class,pupil email"' });
  return { rows, issues };
}

export function registerDashboardRosters(app: FastifyInstance, context: AppContext): void {
  app.get(`${DASHBOARD_API}/rosters`, async (request): Promise<RostersReply> => {
    const { school } = parseOr400(schoolQuerySchema, request.query, 'query');
    return { classes: await context.store.rosters.list(readFilter(scopeOf(request), school)) };
  });

  app.post(`${DASHBOARD_API}/rosters`, { config: { maxBodyBytes: MAX_ROSTER_BYTES } }, async (request): Promise<RosterUploadReply> => {
    if (typeof request.body !== 'string') throw new HttpError(415, 'upload the roster as text/csv');
    // A school user's roster is their school's; a trust user names the school (`?school=`), the body being the CSV itself.
    const { school: asked } = parseOr400(schoolQuerySchema, request.query, 'query');
    const chosen = schoolForCreation(scopeOf(request), asked, context.config.schools);
    if ('refused' in chosen) throw new HttpError(400, `${chosen.refused}; nothing was changed`);
    const { rows, issues } = parseRoster(request.body);
    // All or nothing: half a roster would quietly drop pupils from their classes.
    if (issues.length > 0) throw new HttpError(400, 'the roster has problems; nothing was changed', issues.slice(0, 50));
    return context.store.rosters.replaceClasses(rows, staffOf(request).username, context.now(), chosen.school);
  });
}
