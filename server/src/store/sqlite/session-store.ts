import type { Database } from 'better-sqlite3';
import type { DashboardRole } from '../../config/schema';
import type { SessionStore } from '../store';

export function sqliteSessionStore(db: Database): SessionStore {
  return {
    async create(idSha256, session, at) {
      db.prepare('INSERT INTO sessions (id_sha256, username, role, created_at, expires_at) VALUES (?, ?, ?, ?, ?)').run(
        idSha256,
        session.username,
        session.role,
        at.toISOString(),
        session.expiresAt.toISOString(),
      );
    },
    async find(idSha256, now) {
      const row = db.prepare('SELECT username, role, expires_at FROM sessions WHERE id_sha256 = ? AND expires_at > ?').get(idSha256, now.toISOString()) as
        | { username: string; role: DashboardRole; expires_at: string }
        | undefined;
      return row ? { username: row.username, role: row.role, expiresAt: new Date(row.expires_at) } : null;
    },
    async delete(idSha256) {
      db.prepare('DELETE FROM sessions WHERE id_sha256 = ?').run(idSha256);
    },
  };
}
