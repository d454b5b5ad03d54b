import type { Database } from 'better-sqlite3';
import type { RosterClass, RosterRow } from '../rows';
import type { ClassSize, RosterRowInput, RosterStore } from '../store';
import { SINGLE_SCHOOL_ID } from '../../schools/scope';
import { whereSchool, withSchool } from '../school-filter';

export interface RosterRecord {
  school: string;
  class_name: string;
  pupil: string;
  uploaded_at: string;
  uploaded_by: string;
}

export function toRosterRow(record: RosterRecord): RosterRow {
  return { school: record.school, className: record.class_name, pupil: record.pupil, uploadedAt: record.uploaded_at, uploadedBy: record.uploaded_by };
}

/** Rows ordered by school, class then pupil, as one entry per school's class (classes compare without case, named as first met). */
export function groupRoster(records: readonly RosterRecord[]): RosterClass[] {
  const byClass = new Map<string, RosterClass>();
  for (const record of records) {
    const key = `${record.school}\n${record.class_name.toLowerCase()}`;
    const entry = byClass.get(key) ?? { school: record.school, className: record.class_name, pupils: [], uploadedAt: record.uploaded_at, uploadedBy: record.uploaded_by };
    entry.pupils.push(record.pupil);
    byClass.set(key, entry);
  }
  return [...byClass.values()];
}

export function sqliteRosterStore(db: Database): RosterStore {
  const replace = db.transaction((rows: readonly RosterRowInput[], uploadedBy: string, at: string, school: string) => {
    const classes = new Set(rows.map((row) => row.className.toLowerCase()));
    const remove = db.prepare('DELETE FROM roster WHERE school = ? AND class_name = ?');
    for (const className of classes) remove.run(school, className);
    const insert = db.prepare('INSERT OR IGNORE INTO roster (school, class_name, pupil, uploaded_at, uploaded_by) VALUES (?, ?, ?, ?, ?)');
    let pupils = 0;
    for (const row of rows) pupils += insert.run(school, row.className, row.pupil.toLowerCase(), at, uploadedBy).changes;
    return { classes: classes.size, pupils };
  });

  // class_name is COLLATE NOCASE: one group per class whatever the case, and an upload rewrites every row's spelling.
  const classSizes = db.prepare('SELECT class_name AS name, count(*) AS pupils FROM roster WHERE school = ? GROUP BY class_name ORDER BY class_name');

  return {
    async replaceClasses(rows, uploadedBy, at, school = SINGLE_SCHOOL_ID) {
      return replace.immediate(rows, uploadedBy, at.toISOString(), school);
    },
    async list(school) {
      return groupRoster(db.prepare(`SELECT * FROM roster ${whereSchool(school)} ORDER BY school, class_name, pupil`).all(withSchool({}, school)) as RosterRecord[]);
    },
    async classSizes(school) {
      return classSizes.all(school) as ClassSize[];
    },
  };
}
