import { useState } from 'preact/hooks';
import { ApiError, getJson, postText } from '../api';
import { Loading, useLoad } from '../components/useLoad';
import { when } from '../format';
import type { Me, RostersReply, RosterUploadReply } from '../../../src/dashboard-api/types';
import { SchoolChoice, schoolName, seesSchools } from '../components/SchoolFilter';

export function RostersView({ me }: { me: Me }) {
  const { data, error, reload } = useLoad(() => getJson<RostersReply>('/rosters'));
  const [message, setMessage] = useState<string | null>(null);
  // A trust user uploads a school's roster: they choose which (a school's staff upload their own).
  const [school, setSchool] = useState('');

  const upload = async (event: Event) => {
    const file = (event.currentTarget as HTMLInputElement).files?.[0];
    if (!file) return;
    try {
      const result = await postText<RosterUploadReply>(school ? `/rosters?school=${encodeURIComponent(school)}` : '/rosters', await file.text(), 'text/csv');
      setMessage(`Replaced ${result.classes} class(es) with ${result.pupils} pupil(s).`);
      reload();
    } catch (reason) {
      const issues = reason instanceof ApiError ? reason.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ') : '';
      setMessage(`${reason instanceof Error ? reason.message : String(reason)}${issues ? ` (${issues})` : ''}`);
    }
  };

  return (
    <section aria-labelledby="rosters-title">
      <h2 id="rosters-title">Class rosters</h2>
      <p>
        Upload a CSV with two columns, <code>class,pupil email</code> (a header row is optional). Each class in the file replaces that class; other classes
        stay. Teachers name these classes when they open a lesson allowlist.
      </p>
      <SchoolChoice me={me} value={school} onChange={setSchool} name="roster" />
      <label>
        Roster CSV
        <input type="file" accept=".csv,text/csv" onChange={upload} />
      </label>
      {message && <p role="status">{message}</p>}
      {!data ? (
        <Loading error={error} />
      ) : (
        <ul>
          {data.classes.map((klass) => (
            <li>
              {seesSchools(me) && `${schoolName(me, klass.school)}: `}
              <strong>{klass.className}</strong>: {klass.pupils.length} pupil(s), uploaded {when(klass.uploadedAt)} by {klass.uploadedBy}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
