import type { DashboardRole } from '../../config/schema';
import type { SessionStore } from '../store';
import type { PgDb } from './db';

export function postgresSessionStore(db: PgDb): SessionStore {
  return {
    async create(idSha256, session, at) {
      await db.run('INSERT INTO sessions (id_sha256, username, role, created_at, expires_at) VALUES (@id, @username, @role, @createdAt, @expiresAt)', {
        id: idSha256,
        username: session.username,
        role: session.role,
        createdAt: at.toISOString(),
        expiresAt: session.expiresAt.toISOString(),
      });
    },
    async find(idSha256, now) {
      const row = await db.one<{ username: string; role: DashboardRole; expires_at: string }>('SELECT username, role, expires_at FROM sessions WHERE id_sha256 = @id AND expires_at > @now', {
        id: idSha256,
        now: now.toISOString(),
      });
      return row ? { username: row.username, role: row.role, expiresAt: new Date(row.expires_at) } : null;
    },
    async delete(idSha256) {
      await db.run('DELETE FROM sessions WHERE id_sha256 = @id', { id: idSha256 });
    },
  };
}
