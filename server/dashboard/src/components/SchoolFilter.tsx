import { createContext } from 'preact';
import { useContext, useState } from 'preact/hooks';
import type { Me } from '../../../src/dashboard-api/types';

/** Who is signed in, for the tables that name each record's school to a trust user (App provides it). */
export const MeContext = createContext<Me | null>(null);

/**
 * A view's filter by school, for a trust user (nothing for anyone else): the school chosen ('' for every school),
 * the query it adds to the view's request, and the control to show.
 */
export function useSchoolFilter(onChange?: () => void) {
  const me = useContext(MeContext);
  const [school, setSchool] = useState('');
  const control = me ? (
    <SchoolFilter
      me={me}
      value={school}
      onChange={(chosen) => {
        setSchool(chosen);
        onChange?.();
      }}
    />
  ) : null;
  const query: Record<string, string> = school ? { school } : {};
  return { school, query, control };
}

/** A School column's heading, for a trust user only. */
export function SchoolHeader() {
  const me = useContext(MeContext);
  return me && seesSchools(me) ? <th scope="col">School</th> : null;
}

/** A record's school, named, for a trust user only. */
export function SchoolCell({ school }: { school: string }) {
  const me = useContext(MeContext);
  return me && seesSchools(me) ? <td data-testid="record-school">{schoolName(me, school)}</td> : null;
}

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
  return <SchoolSelect me={me} value={value} onChange={onChange} label="School" empty="Every school" testId="school-filter" />;
}

/**
 * A trust user's choice of whose a new record is ('' until chosen: the endpoint refuses none, naming the schools);
 * `wholeTrust` offers "trust" too (a school list entry for every school's devices). Nothing for a school's staff,
 * whose creations are their school's.
 */
export function SchoolChoice({ me, value, onChange, name, wholeTrust = false }: { me: Me; value: string; onChange: (school: string) => void; name: string; wholeTrust?: boolean }) {
  return <SchoolSelect me={me} value={value} onChange={onChange} label="For" empty="Choose a school" testId={`${name}-school`} extra={wholeTrust ? [{ id: 'trust', name: 'The whole trust' }] : []} />;
}

function SchoolSelect(props: { me: Me; value: string; onChange: (school: string) => void; label: string; empty: string; testId: string; extra?: { id: string; name: string }[] }) {
  const { me, value, onChange, label, empty, testId, extra = [] } = props;
  if (!seesSchools(me)) return null;
  return (
    <label class="school-filter">
      {label}{' '}
      <select value={value} data-testid={testId} onChange={(event) => onChange((event.target as HTMLSelectElement).value)}>
        <option value="">{empty}</option>
        {[...extra, ...me.schools!.list].map((school) => (
          <option key={school.id} value={school.id}>
            {school.name}
          </option>
        ))}
      </select>
    </label>
  );
}
