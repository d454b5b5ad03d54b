import type { OverrideRequest } from '../../../../src/overrides/model';
import type { OverrideStore, Receipt } from '../store';
import { heldOrOtherSchool, overrideRow, toOverride, toOverrideRow, type OverrideRecord } from '../sqlite/override-store';
import { receiptSchool } from '../../schools/scope';
import { whereSchool, withSchool } from '../school-filter';
import type { PgDb } from './db';

/** As ../sqlite/override-store.ts APPLIES_TO_USER: year group, a class the rosters put the user in, or the user by name. */
const APPLIES_TO_USER = `(
  EXISTS (SELECT 1 FROM jsonb_array_elements_text(o.year_groups::jsonb) AS y (value) WHERE y.value = @yearGroup::text)
  OR (@user::text IS NOT NULL AND (
    EXISTS (SELECT 1 FROM jsonb_array_elements_text(o.pupils::jsonb) AS p (value) WHERE p.value = lower(@user::text))
    OR EXISTS (SELECT 1 FROM jsonb_array_elements_text(o.classes::jsonb) AS c (value) JOIN roster r ON r.class_name = c.value::citext WHERE r.pupil = @user::citext AND r.school = o.school)
  ))
)`;

export function postgresOverrideStore(db: PgDb): OverrideStore {
  const get = (tx: PgDb, id: string) => tx.one<OverrideRecord>('SELECT * FROM overrides WHERE id = @id', { id });

  return {
    async create(request: OverrideRequest, receipt: Receipt, createdByVerified = false) {
      return db.transaction(async (tx) => {
        const created = await tx.run(
          `INSERT INTO overrides (id, created_by, created_at, token_label, client_ip, domains, year_groups, classes, pupils, reason, starts_at, ends_at, ended_at, ended_by, created_by_verified, school)
           VALUES (@id, @createdBy, @createdAt, @tokenLabel, @clientIp, @domains, @yearGroups, @classes, @pupils, @reason, @startsAt, @endsAt, NULL, NULL, @createdByVerified, @school)
           ON CONFLICT (id) DO NOTHING`,
          overrideRow(request, receipt, createdByVerified),
        );
        return heldOrOtherSchool(created === 1, (await get(tx, request.id))!, receiptSchool(receipt));
      });
    },
    async end(id, endedBy, at, school) {
      return db.transaction(async (tx) => {
        // Only the first end counts: the audit keeps who really ended it and when. Another school's is not found.
        await tx.run('UPDATE overrides SET ended_at = @at, ended_by = @endedBy, ended_by_verified = @verified WHERE id = @id AND ended_at IS NULL AND school = @school', {
          at: at.toISOString(),
          endedBy: endedBy.account,
          verified: endedBy.verified ? 1 : 0,
          id,
          school,
        });
        const record = await get(tx, id);
        return record && record.school === school ? toOverride(record) : null;
      });
    },
    async activeFor(user, yearGroup, now, school) {
      const records = await db.all<OverrideRecord>(
        `SELECT o.* FROM overrides o
         WHERE o.school = @school AND o.ended_at IS NULL AND o.starts_at <= @now AND @now < o.ends_at AND ${APPLIES_TO_USER}
         ORDER BY o.starts_at, o.id`,
        // An empty string is no user either: it must never meet a pupil or roster row.
        { user: user || null, yearGroup, now: now.toISOString(), school },
      );
      return records.map(toOverride);
    },
    async notOverCreatedBy(createdBy, now, school) {
      const records = await db.all<OverrideRecord>('SELECT * FROM overrides WHERE created_by = @createdBy AND school = @school AND ended_at IS NULL AND @now < ends_at ORDER BY ends_at, starts_at, id', {
        createdBy,
        school,
        now: now.toISOString(),
      });
      return records.map(toOverride);
    },
    async list(limit, school) {
      return (await db.all<OverrideRecord>(`SELECT * FROM overrides ${whereSchool(school)} ORDER BY starts_at DESC, id LIMIT @limit`, withSchool({ limit }, school))).map(toOverrideRow);
    },
  };
}
