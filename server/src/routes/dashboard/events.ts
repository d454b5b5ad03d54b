/** Log search for the IT Lead, page by page, and the same search as CSV. */
import type { FastifyInstance } from 'fastify';
import type { EventType } from '../../../../src/events/model';
import type { AppContext } from '../../context';
import { EVENT_CSV_HEADER, eventCsvCells } from '../../csv/event-columns';
import { csvDocument } from '../../csv/write';
import { encodeCursor } from '../../dashboard-api/cursor';
import { eventCsvSchema, eventSearchSchema, type EventSearch } from '../../dashboard-api/requests';
import { DASHBOARD_API, type EventsReply } from '../../dashboard-api/types';
import { parseOr400 } from '../../http/errors';
import { scopeOf } from '../../http/dashboard-auth';
import { isTrust, readFilter } from '../../schools/scope';
import type { EventRow } from '../../store/rows';
import type { EventQuery } from '../../store/store';

/** `school`: the scope's read filter (schools/scope.ts), never the search's own word alone. */
function toQuery(search: EventSearch, limit: number, school: string | undefined): EventQuery {
  return {
    limit,
    ...(school === undefined ? {} : { school }),
    ...(search.user ? { user: search.user } : {}),
    ...(search.device ? { device: search.device } : {}),
    ...(search.category ? { categories: [search.category] } : {}),
    ...(search.type ? { types: [search.type as EventType] } : {}),
    ...(search.host ? { host: search.host } : {}),
    ...(search.from ? { from: new Date(search.from) } : {}),
    ...(search.to ? { to: new Date(search.to) } : {}),
    ...(search.before ? { after: search.before } : {}),
  };
}

/** Where a page ended, for the next one. */
export function cursorAfter(row: EventRow): string {
  return encodeCursor({ receivedAt: row.receivedAt, time: row.time, id: row.event.id });
}

/** Asks for one row more than the page holds: that row's presence says the list goes on. */
export async function eventPage(context: AppContext, query: EventQuery): Promise<EventsReply> {
  const rows = await context.store.events.search({ ...query, limit: query.limit + 1 });
  const events = rows.slice(0, query.limit);
  const truncated = rows.length > query.limit;
  return { events, truncated, next: truncated ? cursorAfter(events.at(-1)!) : null };
}

export function registerDashboardEvents(app: FastifyInstance, context: AppContext): void {
  app.get(`${DASHBOARD_API}/events`, async (request): Promise<EventsReply> => {
    const search = parseOr400(eventSearchSchema, request.query, 'search');
    return eventPage(context, toQuery(search, search.limit, readFilter(scopeOf(request), search.school)));
  });

  app.get(`${DASHBOARD_API}/events.csv`, async (request, reply) => {
    const search = parseOr400(eventCsvSchema, request.query, 'search');
    const { events, truncated } = await eventPage(context, toQuery(search, search.limit, readFilter(scopeOf(request), search.school)));
    // A trust user's export names each event's school first; a school's (and a single school's) is as it always was.
    const withSchool = isTrust(context.config) && scopeOf(request).school === null;
    const header = withSchool ? ['school', ...EVENT_CSV_HEADER] : EVENT_CSV_HEADER;
    const rows = events.map((row) => (withSchool ? [row.school, ...eventCsvCells(row)] : eventCsvCells(row)));
    if (truncated) {
      // Said inside the file, where whoever opens it will see it, and in a header for scripts.
      const note = `Cut short: more than ${search.limit.toLocaleString('en-GB')} events matched; these are the newest received. Narrow the search (a shorter time window, one user or device) to export the rest.`;
      rows.push([note, ...header.slice(1).map(() => '')]);
    }
    const day = context.now().toISOString().slice(0, 10);
    return reply
      .type('text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="school-filter-log-${day}.csv"`)
      .header('X-Truncated', String(truncated))
      .send(csvDocument(header, rows));
  });
}
