import type { ClassSize, RosterStore } from '../store';
import { groupRoster, type RosterRecord } from '../sqlite/roster-store';
import type { PgDb } from './db';
import { SINGLE_SCHOOL_ID } from '../../schools/scope';
import { whereSchool, withSchool } from '../school-filter';

export function postgresRosterStore(db: PgDb): RosterStore {
  return {
    async replaceClasses(rows, uploadedBy, at, school = SINGLE_SCHOOL_ID) {
      return db.transaction(async (tx) => {
        const classes = [...new Set(rows.map((row) => row.className.toLowerCase()))];
        // class_name is citext: the class goes whatever the case it was uploaded in.
        await tx.run('DELETE FROM roster WHERE school = @school AND class_name = ANY(@classes::citext[])', { classes, school });
        let pupils = 0;
        for (const row of rows) {
          pupils += await tx.run('INSERT INTO roster (school, class_name, pupil, uploaded_at, uploaded_by) VALUES (@school, @className, @pupil, @at, @uploadedBy) ON CONFLICT DO NOTHING', {
            school,
            className: row.className,
            pupil: row.pupil.toLowerCase(),
            at: at.toISOString(),
            uploadedBy,
          });
        }
        return { classes: classes.length, pupils };
      }, 'roster');
    },
    async list(school) {
      return groupRoster(await db.all<RosterRecord>(`SELECT * FROM roster ${whereSchool(school)} ORDER BY school, class_name, pupil`, withSchool({}, school)));
    },
    async classSizes(school) {
      // citext groups one class whatever the case; min() names it by one of its spellings (an upload rewrites them all alike).
      return db.all<ClassSize>('SELECT min(class_name) AS name, count(*) AS pupils FROM roster WHERE school = @school GROUP BY class_name ORDER BY class_name', { school });
    },
  };
}
