import type { Migration } from './migration';

export const v6: Migration = {
  // Issue 19: safeguarding alerts, one per pupil and incident, from evidence found in arriving events
  // (server/src/monitoring/). Evidence and trail rows are never changed; they go with their alert at retention.
  version: 6,
  name: 'safeguarding alerts: alerts, their evidence and trail',
  sqlite: `
      CREATE TABLE alerts (
        id TEXT PRIMARY KEY,
        user TEXT NOT NULL COLLATE NOCASE,
        year_group TEXT,
        risk TEXT NOT NULL,
        severity TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
        -- monitoring/risks.ts severityRank, for the queue's order
        severity_rank INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('new', 'in-review', 'escalated', 'resolved')),
        -- When its first and newest evidence arrived (receive time).
        opened_at TEXT NOT NULL,
        last_evidence_at TEXT NOT NULL,
        evidence_count INTEGER NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      -- The open alert new evidence joins (monitoring/incident.ts).
      CREATE INDEX alerts_open_by_pupil ON alerts (user, risk, last_evidence_at) WHERE status <> 'resolved';
      -- The queue: open first, most severe, newest evidence.
      CREATE INDEX alerts_queue ON alerts ((status = 'resolved'), severity_rank DESC, last_evidence_at DESC);
      CREATE INDEX alerts_by_last_evidence ON alerts (last_evidence_at);

      CREATE TABLE alert_evidence (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        alert_id TEXT NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
        event_id TEXT NOT NULL,
        risk TEXT NOT NULL,
        user TEXT NOT NULL COLLATE NOCASE,
        kind TEXT NOT NULL CHECK (kind IN ('search', 'title', 'block', 'warn', 'repeat')),
        severity TEXT NOT NULL,
        -- A block's or warning's filter category: repeats are counted per pupil and category.
        category TEXT,
        time TEXT NOT NULL,
        claimed_time TEXT,
        received_at TEXT NOT NULL,
        host TEXT NOT NULL,
        -- The pupil's words, only for risks that may be quoted; else null (monitoring/risks.ts).
        quote TEXT,
        description TEXT NOT NULL
      ) STRICT;
      -- A batch posted twice adds nothing: one row per event and risk.
      CREATE UNIQUE INDEX alert_evidence_once ON alert_evidence (event_id, risk);
      CREATE INDEX alert_evidence_by_alert ON alert_evidence (alert_id, received_at, time, seq);
      -- Earlier blocks by a pupil in a category, for repeated attempts.
      CREATE INDEX alert_evidence_blocks ON alert_evidence (user, category, received_at) WHERE category IS NOT NULL;

      CREATE TABLE alert_trail (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        alert_id TEXT NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        -- A dashboard username, or 'endpoint' as evidence arrived.
        actor TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('opened', 'raised', 'status', 'note')),
        status TEXT,
        severity TEXT,
        note TEXT
      ) STRICT;
      CREATE INDEX alert_trail_by_alert ON alert_trail (alert_id, seq);
    `,
  postgres: `
      CREATE TABLE alerts (
        id text PRIMARY KEY,
        "user" citext NOT NULL,
        year_group text,
        risk text NOT NULL,
        severity text NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
        severity_rank integer NOT NULL,
        status text NOT NULL CHECK (status IN ('new', 'in-review', 'escalated', 'resolved')),
        opened_at text NOT NULL,
        last_evidence_at text NOT NULL,
        evidence_count integer NOT NULL,
        updated_at text NOT NULL
      );
      CREATE INDEX alerts_open_by_pupil ON alerts ("user", risk, last_evidence_at) WHERE status <> 'resolved';
      CREATE INDEX alerts_queue ON alerts ((status = 'resolved'), severity_rank DESC, last_evidence_at DESC);
      CREATE INDEX alerts_by_last_evidence ON alerts (last_evidence_at);

      CREATE TABLE alert_evidence (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        alert_id text NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
        event_id text NOT NULL,
        risk text NOT NULL,
        "user" citext NOT NULL,
        kind text NOT NULL CHECK (kind IN ('search', 'title', 'block', 'warn', 'repeat')),
        severity text NOT NULL,
        category text,
        time text NOT NULL,
        claimed_time text,
        received_at text NOT NULL,
        host text NOT NULL,
        quote text,
        description text NOT NULL
      );
      CREATE UNIQUE INDEX alert_evidence_once ON alert_evidence (event_id, risk);
      CREATE INDEX alert_evidence_by_alert ON alert_evidence (alert_id, received_at, time, seq);
      CREATE INDEX alert_evidence_blocks ON alert_evidence ("user", category, received_at) WHERE category IS NOT NULL;

      CREATE TABLE alert_trail (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        alert_id text NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
        at text NOT NULL,
        actor text NOT NULL,
        action text NOT NULL CHECK (action IN ('opened', 'raised', 'status', 'note')),
        status text,
        severity text,
        note text
      );
      CREATE INDEX alert_trail_by_alert ON alert_trail (alert_id, seq);
    `,
};
