import type { Database } from 'better-sqlite3';
import type { Override, OverrideRequest } from '../../../../src/overrides/model';
import type { OverrideRow } from '../rows';
import type { OverrideStore, Receipt } from '../store';
import { receiptSchool } from '../../schools/scope';
import { whereSchool, withSchool } from '../school-filter';

export interface OverrideRecord {
  id: string;
  created_by: string;
  created_at: string;
  token_label: string;
  client_ip: string;
  domains: string;
  year_groups: string;
  classes: string;
  pupils: string;
  reason: string;
  starts_at: string;
  ends_at: string;
  ended_at: string | null;
  ended_by: string | null;
  created_by_verified: number;
  ended_by_verified: number | null;
  school: string;
}

export function toOverride(record: OverrideRecord): Override {
  return {
    id: record.id,
    createdBy: record.created_by,
    domains: JSON.parse(record.domains) as string[],
    audience: {
      yearGroups: JSON.parse(record.year_groups) as Override['audience']['yearGroups'],
      classes: JSON.parse(record.classes) as string[],
      pupils: JSON.parse(record.pupils) as string[],
    },
    reason: record.reason,
    startsAt: record.starts_at,
    endsAt: record.ends_at,
    endedAt: record.ended_at,
    endedBy: record.ended_by,
  };
}

export function toOverrideRow(record: OverrideRecord): OverrideRow {
  return {
    ...toOverride(record),
    createdAt: record.created_at,
    tokenLabel: record.token_label,
    clientIp: record.client_ip,
    createdByVerified: record.created_by_verified === 1,
    endedByVerified: record.ended_by_verified === null ? null : record.ended_by_verified === 1,
    school: record.school,
  };
}

/**
 * Applies to a user when it names their year group, a class the rosters put
 * them in, or them. Audience lists are JSON arrays; pupils are stored
 * lowercased and roster names compare without case. With no user (a device
 * nobody is signed in to) only the year group counts: the explicit NULL test
 * says so, rather than leaning on NULL never comparing equal.
 */
const APPLIES_TO_USER = `(
  EXISTS (SELECT 1 FROM json_each(o.year_groups) WHERE value = @yearGroup)
  OR (@user IS NOT NULL AND (
    EXISTS (SELECT 1 FROM json_each(o.pupils) WHERE value = lower(@user))
    OR EXISTS (SELECT 1 FROM json_each(o.classes) c JOIN roster r ON r.class_name = c.value WHERE r.pupil = @user AND r.school = o.school)
  ))
)`;

/**
 * What a create answers (both engines): the allowlist stored or already held under that id, or null when the id is
 * another school's (allowlist ids are the device's UUIDs: only a forged one meets another school's, and it is not shown).
 */
export function heldOrOtherSchool(created: boolean, record: OverrideRecord, school: string): { created: boolean; override: Override | null } {
  return record.school === school ? { created, override: toOverride(record) } : { created: false, override: null };
}

/** A new allowlist's columns, as both engines' inserts name them. */
export function overrideRow(request: OverrideRequest, receipt: Receipt, createdByVerified: boolean): Record<string, unknown> {
  return {
    id: request.id,
    createdBy: request.createdBy,
    createdAt: receipt.receivedAt.toISOString(),
    tokenLabel: receipt.tokenLabel,
    clientIp: receipt.clientIp,
    domains: JSON.stringify(request.domains),
    yearGroups: JSON.stringify(request.audience.yearGroups),
    classes: JSON.stringify(request.audience.classes),
    pupils: JSON.stringify(request.audience.pupils),
    reason: request.reason,
    startsAt: new Date(request.startsAt).toISOString(),
    endsAt: new Date(request.endsAt).toISOString(),
    createdByVerified: createdByVerified ? 1 : 0,
    school: receiptSchool(receipt),
  };
}

export function sqliteOverrideStore(db: Database): OverrideStore {
  const insert = db.prepare(`
    INSERT OR IGNORE INTO overrides (id, created_by, created_at, token_label, client_ip, domains, year_groups, classes, pupils, reason, starts_at, ends_at, ended_at, ended_by, created_by_verified, school)
    VALUES (@id, @createdBy, @createdAt, @tokenLabel, @clientIp, @domains, @yearGroups, @classes, @pupils, @reason, @startsAt, @endsAt, NULL, NULL, @createdByVerified, @school)
  `);
  const selectOne = db.prepare('SELECT * FROM overrides WHERE id = ?');
  const get = (id: string) => selectOne.get(id) as OverrideRecord | undefined;

  const create = db.transaction((request: OverrideRequest, receipt: Receipt, createdByVerified: boolean) => {
    const result = insert.run(overrideRow(request, receipt, createdByVerified));
    return heldOrOtherSchool(result.changes === 1, get(request.id)!, receiptSchool(receipt));
  });

  const end = db.transaction((id: string, endedBy: { account: string; verified: boolean }, at: string, school: string) => {
    // Only the first end counts: the audit keeps who really ended it and when. Another school's is not found.
    db.prepare('UPDATE overrides SET ended_at = ?, ended_by = ?, ended_by_verified = ? WHERE id = ? AND ended_at IS NULL AND school = ?').run(at, endedBy.account, endedBy.verified ? 1 : 0, id, school);
    const record = get(id);
    return record && record.school === school ? toOverride(record) : null;
  });

  const active = db.prepare(`
    SELECT o.* FROM overrides o
    WHERE o.school = @school AND o.ended_at IS NULL AND o.starts_at <= @now AND @now < o.ends_at AND ${APPLIES_TO_USER}
    ORDER BY o.starts_at, o.id
  `);

  const notOverCreatedBy = db.prepare(`
    SELECT * FROM overrides
    WHERE created_by = @createdBy AND school = @school AND ended_at IS NULL AND @now < ends_at
    ORDER BY ends_at, starts_at, id
  `);

  return {
    async create(request, receipt, createdByVerified = false) {
      return create.immediate(request, receipt, createdByVerified);
    },
    async end(id, endedBy, at, school) {
      return end.immediate(id, endedBy, at.toISOString(), school);
    },
    async activeFor(user, yearGroup, now, school) {
      // An empty string is no user either: it must never meet a pupil or roster row.
      return (active.all({ user: user || null, yearGroup, now: now.toISOString(), school }) as OverrideRecord[]).map(toOverride);
    },
    async notOverCreatedBy(createdBy, now, school) {
      return (notOverCreatedBy.all({ createdBy, now: now.toISOString(), school }) as OverrideRecord[]).map(toOverride);
    },
    async list(limit, school) {
      return (db.prepare(`SELECT * FROM overrides ${whereSchool(school)} ORDER BY starts_at DESC, id LIMIT @limit`).all(withSchool({ limit }, school)) as OverrideRecord[]).map(toOverrideRow);
    },
  };
}
