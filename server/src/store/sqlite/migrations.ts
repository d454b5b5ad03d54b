/**
 * Numbered schema migrations, applied in order inside a transaction each and
 * recorded in `schema_migrations`. Never edit a migration that has shipped:
 * add the next number.
 *
 * Times are ISO 8601 UTC strings as `Date#toISOString` writes them (one fixed
 * format), so they sort and compare as text.
 */
import type { Database } from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'events, devices, reports, overrides, rosters, sessions',
    sql: `
      CREATE TABLE events (
        id TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        time TEXT NOT NULL,
        received_at TEXT NOT NULL,
        client_ip TEXT NOT NULL,
        token_label TEXT NOT NULL,
        user TEXT NOT NULL COLLATE NOCASE,
        device_directory_id TEXT NOT NULL,
        device_serial_number TEXT NOT NULL,
        device_asset_id TEXT NOT NULL,
        category TEXT,
        body TEXT NOT NULL
      ) STRICT;
      CREATE INDEX events_by_time ON events (time);
      CREATE INDEX events_by_received ON events (received_at);
      CREATE INDEX events_by_user ON events (user, time);
      CREATE INDEX events_by_type ON events (type, category, time);
      CREATE INDEX events_by_directory_id ON events (device_directory_id) WHERE device_directory_id <> '';
      CREATE INDEX events_by_serial_number ON events (device_serial_number) WHERE device_serial_number <> '';

      CREATE TABLE devices (
        key TEXT PRIMARY KEY,
        directory_id TEXT NOT NULL,
        serial_number TEXT NOT NULL,
        asset_id TEXT NOT NULL,
        last_user TEXT NOT NULL COLLATE NOCASE,
        last_seen_at TEXT NOT NULL,
        last_event_time TEXT NOT NULL,
        extension_version TEXT NOT NULL,
        policy_hash TEXT,
        last_heartbeat_at TEXT,
        client_ip TEXT NOT NULL
      ) STRICT;
      CREATE INDEX devices_by_user ON devices (last_user);

      CREATE TABLE reports (
        id TEXT PRIMARY KEY,
        time TEXT NOT NULL,
        received_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        client_ip TEXT NOT NULL,
        token_label TEXT NOT NULL,
        token_scope TEXT NOT NULL,
        user TEXT NOT NULL COLLATE NOCASE,
        device_directory_id TEXT NOT NULL,
        device_serial_number TEXT NOT NULL,
        device_asset_id TEXT NOT NULL,
        year_group TEXT,
        role TEXT NOT NULL,
        extension_version TEXT NOT NULL,
        url TEXT NOT NULL,
        title TEXT NOT NULL,
        category TEXT,
        reason TEXT,
        comment TEXT,
        urgent INTEGER NOT NULL,
        screenshot BLOB,
        status TEXT NOT NULL DEFAULT 'new'
      ) STRICT;
      CREATE INDEX reports_by_received ON reports (received_at);
      CREATE INDEX reports_by_user ON reports (user);

      CREATE TABLE report_trail (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        report_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        status TEXT,
        note TEXT
      ) STRICT;
      CREATE INDEX report_trail_by_report ON report_trail (report_id, seq);

      CREATE TABLE overrides (
        id TEXT PRIMARY KEY,
        created_by TEXT NOT NULL COLLATE NOCASE,
        created_at TEXT NOT NULL,
        token_label TEXT NOT NULL,
        client_ip TEXT NOT NULL,
        domains TEXT NOT NULL,
        year_groups TEXT NOT NULL,
        classes TEXT NOT NULL,
        pupils TEXT NOT NULL,
        reason TEXT NOT NULL,
        starts_at TEXT NOT NULL,
        ends_at TEXT NOT NULL,
        ended_at TEXT,
        ended_by TEXT COLLATE NOCASE
      ) STRICT;
      CREATE INDEX overrides_by_end ON overrides (ends_at);

      CREATE TABLE roster (
        class_name TEXT NOT NULL COLLATE NOCASE,
        pupil TEXT NOT NULL COLLATE NOCASE,
        uploaded_at TEXT NOT NULL,
        uploaded_by TEXT NOT NULL,
        PRIMARY KEY (class_name, pupil)
      ) STRICT;
      CREATE INDEX roster_by_pupil ON roster (pupil);

      CREATE TABLE sessions (
        id_sha256 TEXT PRIMARY KEY,
        username TEXT NOT NULL,
        role TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 2,
    name: 'report versions and follow-up secrets',
    // A report's words are evidence: every version is kept (issue 16). Reports already held get one version:
    // their words as received, or, if a follow-up had already overwritten them, the words held now (marked so).
    sql: `
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
  },
  {
    // Issue 16: event times far ahead of the receive time are clamped to it (the device's claim kept in
    // claimed_time and in the body); safeguarding views go by receive time; devices note a clock ahead.
    // The 5 minutes here is server/src/store/event-time.ts's FUTURE_TOLERANCE_MS when this shipped.
    version: 3,
    name: 'clamp future event times, receive-time indexes, devices note a clock ahead',
    sql: `
      ALTER TABLE events ADD COLUMN claimed_time TEXT;
      UPDATE events SET claimed_time = time, time = received_at
        WHERE time > strftime('%Y-%m-%dT%H:%M:%fZ', received_at, '+5 minutes');
      -- Lists are now ordered by receive time (received_at DESC, time DESC, id DESC): these replace the
      -- (received_at), (type, category, time) and (user, time) indexes rather than join them, so a batch
      -- still writes the same number of B-trees. The whole order is in events_by_received, or SQLite sorts
      -- the whole table for the unfiltered log view.
      DROP INDEX events_by_received;
      DROP INDEX events_by_type;
      DROP INDEX events_by_user;
      CREATE INDEX events_by_received ON events (received_at, time, id);
      CREATE INDEX events_by_type_received ON events (type, category, received_at);
      CREATE INDEX events_by_user_received ON events (user, received_at);

      ALTER TABLE devices ADD COLUMN clock_ahead_received_at TEXT;
      ALTER TABLE devices ADD COLUMN clock_ahead_claimed_time TEXT;
      UPDATE devices SET last_event_time = last_seen_at
        WHERE last_event_time > strftime('%Y-%m-%dT%H:%M:%fZ', last_seen_at, '+5 minutes');
    `,
  },
  {
    version: 4,
    name: 'sign-in failures; report indexes for rate limits, flood alerts and the paged queue',
    sql: `
      -- Failed dashboard sign-ins, kept only as long as the limits look back (auth/sign-in-limits.ts): in the
      -- database, so a restart or a flood of junk usernames cannot wipe a lockout, and several endpoint
      -- processes sharing the database share the limits.
      CREATE TABLE sign_in_failures (
        at TEXT NOT NULL,
        account TEXT NOT NULL,
        address TEXT NOT NULL
      ) STRICT;
      CREATE INDEX sign_in_failures_by_account ON sign_in_failures (account, at);
      CREATE INDEX sign_in_failures_by_address ON sign_in_failures (address, at);
      CREATE INDEX sign_in_failures_by_time ON sign_in_failures (at);

      -- The claimed device, as store/device-key.ts derives it (a test keeps the two the same): computed from
      -- the row, so it can never disagree with it.
      ALTER TABLE reports ADD COLUMN device_key TEXT GENERATED ALWAYS AS (
        CASE
          WHEN device_directory_id <> '' THEN 'directory:' || device_directory_id
          WHEN device_serial_number <> '' THEN 'serial:' || device_serial_number
          ELSE 'user:' || lower(user)
        END
      ) VIRTUAL;
      -- Reports per claimed device, per account and per token over a recent window (rate limits, flood alerts).
      CREATE INDEX reports_by_device_received ON reports (device_key, received_at);
      CREATE INDEX reports_by_user_received ON reports (user, received_at);
      CREATE INDEX reports_by_token_received ON reports (token_label, received_at);
      -- The queue's order (open before resolved, urgent first, newest first), read a page at a time.
      CREATE INDEX reports_queue ON reports ((status = 'resolved'), urgent DESC, received_at DESC);
    `,
  },
  {
    // Issue 18: the IT Lead's own block and allow lists, kept here and fetched by devices
    // (src/school-lists/). Entries are never deleted while in force; every change is a trail row.
    version: 5,
    name: 'school lists: entries, their trail, a version for devices, report trail links',
    sql: `
      CREATE TABLE school_list_entries (
        id TEXT PRIMARY KEY,
        action TEXT NOT NULL CHECK (action IN ('block', 'allow')),
        -- 'example.com' or 'example.com/path' as src/school-lists/target.ts writes it
        target TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('domain', 'path')),
        -- src/school-lists/audience.ts ListAudience, as JSON
        audience TEXT NOT NULL,
        reason TEXT NOT NULL,
        ends_at TEXT,
        -- The report it was made from; kept when retention deletes that report.
        report_id TEXT,
        created_by TEXT NOT NULL,
        created_role TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_by TEXT,
        updated_at TEXT,
        -- When it stopped applying: removed by someone, or its end date passed (then ended_at = ends_at).
        ended_at TEXT,
        ended_how TEXT CHECK (ended_how IN ('removed', 'expired')),
        ended_by TEXT
      ) STRICT;
      -- One entry in force per site and action: adding it again is an edit of the one held.
      CREATE UNIQUE INDEX school_list_in_force ON school_list_entries (action, target) WHERE ended_at IS NULL;
      CREATE INDEX school_list_by_end ON school_list_entries (ends_at) WHERE ended_at IS NULL;
      CREATE INDEX school_list_by_ended ON school_list_entries (ended_at);

      CREATE TABLE school_list_trail (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        entry_id TEXT NOT NULL REFERENCES school_list_entries (id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        -- A dashboard username; empty for an end date passing.
        actor TEXT NOT NULL,
        actor_role TEXT,
        change TEXT NOT NULL CHECK (change IN ('added', 'edited', 'removed', 'expired')),
        reason TEXT,
        report_id TEXT,
        -- The entry as the change left it.
        audience TEXT NOT NULL,
        ends_at TEXT
      ) STRICT;
      CREATE INDEX school_list_trail_by_entry ON school_list_trail (entry_id, seq);
      -- The trail page, newest first by when each change took effect (an expiry is recorded at its end date).
      CREATE INDEX school_list_trail_by_time ON school_list_trail (at, seq);

      -- Changes with every change to the lists: devices' ETag (a device's frequent ask reads this one row).
      CREATE TABLE school_list_version (
        only INTEGER PRIMARY KEY CHECK (only = 1),
        version TEXT NOT NULL,
        changed_at TEXT NOT NULL
      ) STRICT;
      INSERT INTO school_list_version VALUES (1, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

      -- A report acted on from the school lists names the entry in its trail.
      ALTER TABLE report_trail ADD COLUMN school_list_entry_id TEXT;
    `,
  },
  {
    // Issue 19: safeguarding alerts, one per pupil and incident, from evidence found in arriving events
    // (server/src/monitoring/). Evidence and trail rows are never changed; they go with their alert at retention.
    version: 6,
    name: 'safeguarding alerts: alerts, their evidence and trail',
    sql: `
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
  },
  {
    // Issue 19: email and webhook for safeguarding alerts (server/src/notifications/).
    version: 7,
    name: 'notifications: alert notices received, the outbox, daily digests',
    sql: `
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
  },
  {
    // Issue 19: the overview counts blocks and warnings per day, category and site over a window of receive
    // time. No index served that: events_by_type_received leads with category, so a window over every category
    // read each block and warning the school holds (a year's worth), and the site is only inside the JSON body,
    // so counting sites read every row. The site becomes a column computed from the body (never stored twice),
    // and one partial index holds only rows with a category (blocks, warnings, warn decisions, report pointers):
    // the bulk (navigations, searches, heartbeats) pays nothing more to insert. Leading with received_at, a
    // window is one range, and the index alone answers each count. Versions 6 and 7 belong to other parts of
    // issue 19.
    version: 8,
    name: 'overview: events.host computed from the body, an index of stops by receive time',
    sql: `
      ALTER TABLE events ADD COLUMN host TEXT GENERATED ALWAYS AS (json_extract(body, '$.host')) VIRTUAL;
      CREATE INDEX events_stops_by_received ON events (received_at, type, category, host) WHERE category IS NOT NULL;
    `,
  },
  {
    version: 9,
    // Issue 21. verified 0 with a NULL problem: no proof was checked (identityProof off, or a record from before).
    name: 'identity proofs: verified flag and proof problem on events, reports and report versions; verified creator and ender on allowlists',
    sql: `
      ALTER TABLE events ADD COLUMN verified INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1));
      ALTER TABLE events ADD COLUMN proof_problem TEXT;
      ALTER TABLE reports ADD COLUMN verified INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1));
      ALTER TABLE reports ADD COLUMN proof_problem TEXT;
      ALTER TABLE report_versions ADD COLUMN verified INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1));
      ALTER TABLE report_versions ADD COLUMN proof_problem TEXT;
      ALTER TABLE overrides ADD COLUMN created_by_verified INTEGER NOT NULL DEFAULT 0 CHECK (created_by_verified IN (0, 1));
      ALTER TABLE overrides ADD COLUMN ended_by_verified INTEGER CHECK (ended_by_verified IN (0, 1));
    `,
  },
  {
    // Issue 21 (limits): write limits counted in the database, so every endpoint process sharing it sees one count
    // (one row per key and kind, the current fixed window and what it has counted; one upsert per request), and
    // tokens issued by rotation, stored only as sha256, with the retirements of old tokens (issued or from the config
    // file, by digest) and a trail of who rotated what.
    version: 10,
    name: 'write limit windows, issued tokens, token retirements and their trail',
    sql: `
      CREATE TABLE write_windows (
        key TEXT PRIMARY KEY,
        window_start TEXT NOT NULL,
        count INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE issued_tokens (
        digest TEXT PRIMARY KEY,
        label TEXT NOT NULL,
        scope TEXT NOT NULL,
        issued_at TEXT NOT NULL,
        issued_by TEXT NOT NULL
      ) STRICT;

      CREATE TABLE token_retirements (
        digest TEXT PRIMARY KEY,
        label TEXT NOT NULL,
        retires_at TEXT NOT NULL,
        decided_at TEXT NOT NULL,
        decided_by TEXT NOT NULL
      ) STRICT;

      CREATE TABLE token_trail (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        label TEXT NOT NULL,
        action TEXT NOT NULL,
        detail TEXT NOT NULL
      ) STRICT;
    `,
  },
];

export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS, now: () => Date = () => new Date()): number[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT');
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  const newest = Math.max(0, ...applied);
  const known = Math.max(0, ...migrations.map((m) => m.version));
  if (newest > known) {
    throw new Error(`The database is at schema version ${newest}, newer than this endpoint knows (${known}): run the newer endpoint or restore a backup.`);
  }
  const ran: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.name, now().toISOString());
    })();
    ran.push(migration.version);
  }
  return ran;
}
