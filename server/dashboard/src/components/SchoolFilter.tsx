import type { Me } from '../../../src/dashboard-api/types';

/** Whether this reader works across a trust's schools: only they see a school column and the filter by school. */
export function seesSchools(me: Me): boolean {
  return me.schools?.scope === 'trust';
}

/** A school's name as the config gives it (its id when the list does not name it). */
export function schoolName(me: Me, id: string): string {
  return me.schools?.list.find((school) => school.id === id)?.name ?? id;
}

/** A trust user's filter by school ('' is every school); nothing for anyone else. */
export function SchoolFilter({ me, value, onChange }: { me: Me; value: string; onChange: (school: string) => void }) {
  if (!seesSchools(me)) return null;
  return (
    <label class="school-filter">
      School{' '}
      <select value={value} data-testid="school-filter" onChange={(event) => onChange((event.target as HTMLSelectElement).value)}>
        <option value="">Every school</option>
        {me.schools!.list.map((school) => (
          <option key={school.id} value={school.id}>
            {school.name}
          </option>
        ))}
      </select>
    </label>
  );
}
