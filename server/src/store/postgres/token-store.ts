import type { TokenStore } from '../store';
import { toIssuedToken, toRetirement, toTokenTrailEntry, UPSERT_RETIREMENT, type IssuedRow, type RetirementRow, type TrailRow } from '../sqlite/token-store';
import type { PgDb } from './db';

/** Token changes take turns under this lock (SQLite's IMMEDIATE): two rotations at once, in two processes, each see the other's retirements. */
const TOKEN_LOCK = 'token changes';

export function postgresTokenStore(db: PgDb): TokenStore {
  return {
    async issued() {
      // No rowid here: tokens issued in the same millisecond fall back to label and digest order.
      return (await db.all<IssuedRow>('SELECT * FROM issued_tokens ORDER BY issued_at, label, digest')).map(toIssuedToken);
    },
    async retirements() {
      return (await db.all<RetirementRow>('SELECT * FROM token_retirements')).map(toRetirement);
    },
    async change({ issue, retire, trail }) {
      await db.transaction(async (tx) => {
        if (issue) {
          await tx.run('INSERT INTO issued_tokens (digest, label, scope, school, issued_at, issued_by) VALUES (@digest, @label, @scope, @school, @issuedAt, @issuedBy)', {
            ...issue,
            issuedAt: issue.issuedAt.toISOString(),
          });
        }
        for (const r of retire) {
          await tx.run(`INSERT INTO token_retirements (digest, label, retires_at, decided_at, decided_by) VALUES (@digest, @label, @retiresAt, @decidedAt, @decidedBy) ${UPSERT_RETIREMENT}`, {
            digest: r.digest,
            label: r.label,
            retiresAt: r.retiresAt.toISOString(),
            decidedAt: r.decidedAt.toISOString(),
            decidedBy: r.decidedBy,
          });
        }
        await tx.run('INSERT INTO token_trail (at, actor, label, action, detail) VALUES (@at, @actor, @label, @action, @detail)', { ...trail, at: trail.at.toISOString() });
      }, TOKEN_LOCK);
    },
    async trail(limit) {
      return (await db.all<TrailRow>('SELECT at, actor, label, action, detail FROM token_trail ORDER BY id DESC LIMIT @limit', { limit })).map(toTokenTrailEntry);
    },
  };
}
