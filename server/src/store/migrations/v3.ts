import type { Migration } from './migration';

export const v3: Migration = {
  // Issue 16: event times far ahead of the receive time are clamped to it (the device's claim kept in
  // claimed_time and in the body); safeguarding views go by receive time; devices note a clock ahead.
  // The 5 minutes here is server/src/store/event-time.ts's FUTURE_TOLERANCE_MS when this shipped.
  version: 3,
  name: 'clamp future event times, receive-time indexes, devices note a clock ahead',
  sqlite: `
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
  postgres: `
      ALTER TABLE events ADD COLUMN claimed_time text;
      UPDATE events SET claimed_time = time, time = received_at
        WHERE time > to_char((received_at::timestamptz + interval '5 minutes') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
      DROP INDEX events_by_received;
      DROP INDEX events_by_type;
      DROP INDEX events_by_user;
      CREATE INDEX events_by_received ON events (received_at, time, id);
      CREATE INDEX events_by_type_received ON events (type, category, received_at);
      CREATE INDEX events_by_user_received ON events ("user", received_at);

      ALTER TABLE devices ADD COLUMN clock_ahead_received_at text;
      ALTER TABLE devices ADD COLUMN clock_ahead_claimed_time text;
      UPDATE devices SET last_event_time = last_seen_at
        WHERE last_event_time > to_char((last_seen_at::timestamptz + interval '5 minutes') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
    `,
};
