import type { Migration } from './migration';

export const v2: Migration = {
  version: 2,
  name: 'report versions and follow-up secrets',
  // A report's words are evidence: every version is kept (issue 16). Reports already held get one version:
  // their words as received, or, if a follow-up had already overwritten them, the words held now (marked so).
  sqlite: `
      ALTER TABLE reports ADD COLUMN follow_up_secret_sha256 TEXT;

      CREATE TABLE report_versions (
        report_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        at TEXT NOT NULL,
        source TEXT NOT NULL,
        reason TEXT,
        comment TEXT,
        token_label TEXT NOT NULL,
        client_ip TEXT NOT NULL,
        PRIMARY KEY (report_id, version)
      ) STRICT;

      INSERT INTO report_versions (report_id, version, at, source, reason, comment, token_label, client_ip)
      SELECT r.id, 1,
        coalesce(u.last_update, r.received_at),
        CASE WHEN u.last_update IS NULL THEN 'report' ELSE 'held-before-versions' END,
        r.reason, r.comment,
        CASE WHEN u.last_update IS NULL THEN r.token_label ELSE '' END,
        CASE WHEN u.last_update IS NULL THEN r.client_ip ELSE '' END
      FROM reports r
      LEFT JOIN (SELECT report_id, max(at) AS last_update FROM report_trail WHERE action = 'pupil-update' GROUP BY report_id) u ON u.report_id = r.id;
    `,
  postgres: `
      ALTER TABLE reports ADD COLUMN follow_up_secret_sha256 text;

      CREATE TABLE report_versions (
        report_id text NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
        version integer NOT NULL,
        at text NOT NULL,
        source text NOT NULL,
        reason text,
        comment text,
        token_label text NOT NULL,
        client_ip text NOT NULL,
        PRIMARY KEY (report_id, version)
      );

      INSERT INTO report_versions (report_id, version, at, source, reason, comment, token_label, client_ip)
      SELECT r.id, 1,
        coalesce(u.last_update, r.received_at),
        CASE WHEN u.last_update IS NULL THEN 'report' ELSE 'held-before-versions' END,
        r.reason, r.comment,
        CASE WHEN u.last_update IS NULL THEN r.token_label ELSE '' END,
        CASE WHEN u.last_update IS NULL THEN r.client_ip ELSE '' END
      FROM reports r
      LEFT JOIN (SELECT report_id, max(at) AS last_update FROM report_trail WHERE action = 'pupil-update' GROUP BY report_id) u ON u.report_id = r.id;
    `,
};
