import type { Database } from 'better-sqlite3';
import type { TokenScope } from '../../config/schema';
import type { IssuedToken, TokenRetirement, TokenStore, TokenTrailEntry } from '../store';

export interface IssuedRow {
  digest: string;
  label: string;
  scope: TokenScope;
  school: string;
  issued_at: string;
  issued_by: string;
}

export interface RetirementRow {
  digest: string;
  label: string;
  retires_at: string;
  decided_at: string;
  decided_by: string;
}

export interface TrailRow {
  at: string;
  actor: string;
  label: string;
  action: TokenTrailEntry['action'];
  detail: string;
}

export const toIssuedToken = (row: IssuedRow): IssuedToken => ({ digest: row.digest, label: row.label, scope: row.scope, school: row.school, issuedAt: new Date(row.issued_at), issuedBy: row.issued_by });
export const toRetirement = (row: RetirementRow): TokenRetirement => ({
  digest: row.digest,
  label: row.label,
  retiresAt: new Date(row.retires_at),
  decidedAt: new Date(row.decided_at),
  decidedBy: row.decided_by,
});
export const toTokenTrailEntry = (row: TrailRow): TokenTrailEntry => ({ ...row, at: new Date(row.at) });

/** A retirement replaces an earlier one for the same digest (both engines' statement). */
export const UPSERT_RETIREMENT = `ON CONFLICT (digest) DO UPDATE SET retires_at = excluded.retires_at, decided_at = excluded.decided_at, decided_by = excluded.decided_by`;

export function sqliteTokenStore(db: Database): TokenStore {
  const insertIssued = db.prepare('INSERT INTO issued_tokens (digest, label, scope, school, issued_at, issued_by) VALUES (?, ?, ?, ?, ?, ?)');
  const upsertRetirement = db.prepare(
    `INSERT INTO token_retirements (digest, label, retires_at, decided_at, decided_by) VALUES (?, ?, ?, ?, ?)
     ${UPSERT_RETIREMENT}`,
  );
  const insertTrail = db.prepare('INSERT INTO token_trail (at, actor, label, action, detail) VALUES (?, ?, ?, ?, ?)');
  const change = db.transaction((issue: IssuedToken | null, retire: readonly TokenRetirement[], trail: TokenTrailEntry) => {
    if (issue) insertIssued.run(issue.digest, issue.label, issue.scope, issue.school, issue.issuedAt.toISOString(), issue.issuedBy);
    for (const r of retire) upsertRetirement.run(r.digest, r.label, r.retiresAt.toISOString(), r.decidedAt.toISOString(), r.decidedBy);
    insertTrail.run(trail.at.toISOString(), trail.actor, trail.label, trail.action, trail.detail);
  });
  return {
    async issued() {
      const rows = db.prepare('SELECT * FROM issued_tokens ORDER BY issued_at, rowid').all() as IssuedRow[];
      return rows.map(toIssuedToken);
    },
    async retirements() {
      const rows = db.prepare('SELECT * FROM token_retirements').all() as RetirementRow[];
      return rows.map(toRetirement);
    },
    async change({ issue, retire, trail }) {
      change.immediate(issue, retire, trail);
    },
    async trail(limit) {
      const rows = db.prepare('SELECT at, actor, label, action, detail FROM token_trail ORDER BY id DESC LIMIT ?').all(limit) as TrailRow[];
      return rows.map(toTokenTrailEntry);
    },
  };
}
