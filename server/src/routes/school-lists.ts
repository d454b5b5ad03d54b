/**
 * GET /v1/school-lists: what a device applies of the school's own lists
 * (src/school-lists/model.ts for the contract). Devices ask on every wake,
 * every policy change, every refresh alarm and on every block or warn page,
 * so the usual answer is a 304 after reading one row: the reply itself is
 * built once per version of the lists and kind of reader (device-reply.ts).
 * Entries past their end date are marked expired first, so no reply carries one.
 */
import type { FastifyInstance } from 'fastify';
import { type ListReader, readerKey } from '../../../src/school-lists/audience';
import { SCHOOL_LISTS_PATH, schoolListsEtag, schoolListsQuerySchema } from '../../../src/school-lists/model';
import type { AppContext } from '../context';
import { callerOf, requirePermission } from '../http/bearer';
import { isTrust, listSchoolsOf } from '../schools/scope';
import { parseOr400 } from '../http/errors';
import { DeviceReplyCache, deviceReplyOf } from '../school-lists/device-reply';

export function registerSchoolLists(app: FastifyInstance, context: AppContext): void {
  const read = requirePermission(context.tokens, 'school-lists:read');
  const cache = new DeviceReplyCache();
  const store = context.store.schoolLists;

  app.get(SCHOOL_LISTS_PATH, { onRequest: read }, async (request, reply) => {
    const query = parseOr400(schoolListsQuerySchema, request.query, 'query');
    const reader: ListReader = { role: query.role, yearGroup: query.role === 'pupil' ? (query.yearGroup ?? null) : null };
    // Each school's devices take the trust's entries and their school's: in a trust the reply and its ETag are the school's too.
    const { school } = callerOf(request);
    const key = isTrust(context.config) ? `${school}.${readerKey(reader)}` : readerKey(reader);
    await store.expireDue(context.now());
    const version = await store.version();
    if (request.headers['if-none-match'] === schoolListsEtag(version, key)) {
      return reply.status(304).header('ETag', schoolListsEtag(version, key)).send();
    }
    let body = cache.lookup(version, key);
    let bodyVersion = version;
    if (body === undefined) {
      // Version and entries from one snapshot: a change in between must not pair old entries with a new ETag.
      const snapshot = await store.snapshot(listSchoolsOf(school));
      body = JSON.stringify(deviceReplyOf(snapshot.version, snapshot.entries, reader));
      bodyVersion = snapshot.version;
      cache.keep(bodyVersion, key, body);
    }
    return reply.header('ETag', schoolListsEtag(bodyVersion, key)).type('application/json; charset=utf-8').send(body);
  });
}
