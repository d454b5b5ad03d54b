/** Log search for the IT Lead, and the same search as CSV. */
import type { FastifyInstance } from 'fastify';
import type { EventType } from '../../../../src/events/model';
import type { AppContext } from '../../context';
import { EVENT_CSV_HEADER, eventCsvCells } from '../../csv/event-columns';
import { csvDocument } from '../../csv/write';
import { eventSearchSchema, type EventSearch } from '../../dashboard-api/requests';
import { DASHBOARD_API, type EventsReply } from '../../dashboard-api/types';
import { parseOr400 } from '../../http/errors';
import type { EventQuery } from '../../store/store';

/** Enough for a term's investigation; past this, narrow the search. */
const CSV_MAX_ROWS = 100_000;

function toQuery(search: EventSearch, limit: number): EventQuery {
  return {
    limit,
    ...(search.user ? { user: search.user } : {}),
    ...(search.device ? { device: search.device } : {}),
    ...(search.category ? { categories: [search.category] } : {}),
    ...(search.type ? { types: [search.type as EventType] } : {}),
    ...(search.from ? { from: new Date(search.from) } : {}),
    ...(search.to ? { to: new Date(search.to) } : {}),
  };
}

export function registerDashboardEvents(app: FastifyInstance, context: AppContext): void {
  app.get(`${DASHBOARD_API}/events`, async (request): Promise<EventsReply> => {
    const search = parseOr400(eventSearchSchema, request.query, 'search');
    // One more than asked for tells us whether there are more.
    const events = await context.store.events.search(toQuery(search, search.limit + 1));
    return { events: events.slice(0, search.limit), truncated: events.length > search.limit };
  });

  app.get(`${DASHBOARD_API}/events.csv`, async (request, reply) => {
    const search = parseOr400(eventSearchSchema, request.query, 'search');
    const events = await context.store.events.search(toQuery(search, CSV_MAX_ROWS));
    const day = context.now().toISOString().slice(0, 10);
    return reply
      .type('text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="school-filter-log-${day}.csv"`)
      .send(csvDocument(EVENT_CSV_HEADER, events.map(eventCsvCells)));
  });
}
