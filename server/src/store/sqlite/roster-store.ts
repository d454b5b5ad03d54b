import type { Database } from 'better-sqlite3';
import type { RosterClass, RosterRow } from '../rows';
import type { ClassSize, RosterRowInput, RosterStore } from '../store';

export interface RosterRecord {
  class_name: string;
  pupil: string;
  uploaded_at: string;
  uploaded_by: string;
}

export function toRosterRow(record: RosterRecord): RosterRow {
  return { className: record.class_name, pupil: record.pupil, uploadedAt: record.uploaded_at, uploadedBy: record.uploaded_by };
}

/** Rows ordered by class then pupil, as one entry per class (classes compare without case, named as first met). */
export function groupRoster(records: readonly RosterRecord[]): RosterClass[] {
  const byClass = new Map<string, RosterClass>();
  for (const record of records) {
    const key = record.class_name.toLowerCase();
    const entry = byClass.get(key) ?? { className: record.class_name, pupils: [], uploadedAt: record.uploaded_at, uploadedBy: record.uploaded_by };
    entry.pupils.push(record.pupil);
    byClass.set(key, entry);
  }
  return [...byClass.values()];
}

export function sqliteRosterStore(db: Database): RosterStore {
  const replace = db.transaction((rows: readonly RosterRowInput[], uploadedBy: string, at: string) => {
    const classes = new Set(rows.map((row) => row.className.toLowerCase()));
    const remove = db.prepare('DELETE FROM roster WHERE class_name = ?');
    for (const className of classes) remove.run(className);
    const insert = db.prepare('INSERT OR IGNORE INTO roster (class_name, pupil, uploaded_at, uploaded_by) VALUES (?, ?, ?, ?)');
    let pupils = 0;
    for (const row of rows) pupils += insert.run(row.className, row.pupil.toLowerCase(), at, uploadedBy).changes;
    return { classes: classes.size, pupils };
  });

  // class_name is COLLATE NOCASE: one group per class whatever the case, and an upload rewrites every row's spelling.
  const classSizes = db.prepare('SELECT class_name AS name, count(*) AS pupils FROM roster GROUP BY class_name ORDER BY class_name');

  return {
    async replaceClasses(rows, uploadedBy, at) {
      return replace.immediate(rows, uploadedBy, at.toISOString());
    },
    async list() {
      return groupRoster(db.prepare('SELECT * FROM roster ORDER BY class_name, pupil').all() as RosterRecord[]);
    },
    async classSizes() {
      return classSizes.all() as ClassSize[];
    },
  };
}
