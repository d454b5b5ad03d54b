import type { Migration } from './migration';

export const v7: Migration = {
  // Issue 19: email and webhook for safeguarding alerts (server/src/notifications/).
  version: 7,
  name: 'notifications: alert notices received, the outbox, daily digests',
  sqlite: `
      -- Every notice the alerts code gave the notifier, emailed or not: the digest counts these, so it needs
      -- nothing from the alerts' own tables. One row per alert, change and severity: a repeat of a notice
      -- already received queues nothing (a second call cannot send a second email).
      CREATE TABLE alert_notices (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        alert_id TEXT NOT NULL,
        change TEXT NOT NULL CHECK (change IN ('opened', 'raised')),
        risk TEXT NOT NULL,
        severity TEXT NOT NULL,
        year_group TEXT,
        opened_at TEXT NOT NULL,
        last_evidence_at TEXT NOT NULL,
        evidence_count INTEGER NOT NULL,
        received_at TEXT NOT NULL,
        UNIQUE (alert_id, change, severity)
      ) STRICT;
      CREATE INDEX alert_notices_by_received ON alert_notices (received_at);

      -- Every email and webhook call, written before the first attempt and marked sent in the step that
      -- records success (notifications/outbox-loop.ts): none is lost to a restart, none sent again once marked.
      CREATE TABLE notification_outbox (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('alert', 'digest')),
        channel TEXT NOT NULL CHECK (channel IN ('email', 'webhook')),
        -- notifications/outbox-messages.ts OutboxPayload, as JSON
        payload TEXT NOT NULL,
        created_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        -- Due from then; while an attempt is in flight, pushed past it (a lease), so a crash mid-send retries.
        next_attempt_at TEXT NOT NULL,
        last_error TEXT,
        sent_at TEXT
      ) STRICT;
      CREATE INDEX notification_outbox_due ON notification_outbox (next_attempt_at) WHERE sent_at IS NULL;
      CREATE INDEX notification_outbox_by_sent ON notification_outbox (sent_at) WHERE sent_at IS NOT NULL;

      -- One digest per school date, recorded in the transaction that queues it: exactly once across restarts.
      CREATE TABLE notification_digests (
        local_date TEXT PRIMARY KEY,
        period_start TEXT NOT NULL,
        period_end TEXT NOT NULL,
        queued_at TEXT NOT NULL
      ) STRICT;
    `,
  postgres: `
      CREATE TABLE alert_notices (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        alert_id text NOT NULL,
        change text NOT NULL CHECK (change IN ('opened', 'raised')),
        risk text NOT NULL,
        severity text NOT NULL,
        year_group text,
        opened_at text NOT NULL,
        last_evidence_at text NOT NULL,
        evidence_count integer NOT NULL,
        received_at text NOT NULL,
        UNIQUE (alert_id, change, severity)
      );
      CREATE INDEX alert_notices_by_received ON alert_notices (received_at);

      CREATE TABLE notification_outbox (
        id text PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('alert', 'digest')),
        channel text NOT NULL CHECK (channel IN ('email', 'webhook')),
        payload text NOT NULL,
        created_at text NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at text NOT NULL,
        last_error text,
        sent_at text
      );
      CREATE INDEX notification_outbox_due ON notification_outbox (next_attempt_at) WHERE sent_at IS NULL;
      CREATE INDEX notification_outbox_by_sent ON notification_outbox (sent_at) WHERE sent_at IS NOT NULL;

      CREATE TABLE notification_digests (
        local_date text PRIMARY KEY,
        period_start text NOT NULL,
        period_end text NOT NULL,
        queued_at text NOT NULL
      );
    `,
};
