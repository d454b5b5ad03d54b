import type { ClassSize, RosterStore } from '../store';
import { groupRoster, type RosterRecord } from '../sqlite/roster-store';
import type { PgDb } from './db';

export function postgresRosterStore(db: PgDb): RosterStore {
  return {
    async replaceClasses(rows, uploadedBy, at) {
      return db.transaction(async (tx) => {
        const classes = [...new Set(rows.map((row) => row.className.toLowerCase()))];
        // class_name is citext: the class goes whatever the case it was uploaded in.
        await tx.run('DELETE FROM roster WHERE class_name = ANY(@classes::citext[])', { classes });
        let pupils = 0;
        for (const row of rows) {
          pupils += await tx.run('INSERT INTO roster (class_name, pupil, uploaded_at, uploaded_by) VALUES (@className, @pupil, @at, @uploadedBy) ON CONFLICT DO NOTHING', {
            className: row.className,
            pupil: row.pupil.toLowerCase(),
            at: at.toISOString(),
            uploadedBy,
          });
        }
        return { classes: classes.length, pupils };
      }, 'roster');
    },
    async list() {
      return groupRoster(await db.all<RosterRecord>('SELECT * FROM roster ORDER BY class_name, pupil'));
    },
    async classSizes() {
      // citext groups one class whatever the case; min() names it by one of its spellings (an upload rewrites them all alike).
      return db.all<ClassSize>('SELECT min(class_name) AS name, count(*) AS pupils FROM roster GROUP BY class_name ORDER BY class_name');
    },
  };
}
