/** One school list entry: what it is, its trail, and (for the IT Lead) edit and remove, each with a reason. */
import { useState } from 'preact/hooks';
import { ApiError, getJson, postJson } from '../api';
import { AudiencePicker } from '../components/AudiencePicker';
import { isoOfLocal } from '../components/SchoolListForm';
import { Loading, useLoad } from '../components/useLoad';
import { when } from '../format';
import type { Me, SchoolListEntryReply } from '../../../src/dashboard-api/types';
import { schoolListRefusal } from '../../../src/school-lists/permissions';
import type { SchoolListEntry } from '../../../src/store/rows';
import { describeAudience, type ListAudience } from '../../../../src/school-lists/audience';
import { TrailTable } from './SchoolListsView';

/** An ISO time as a datetime-local value, in the browser's time zone. */
function localOf(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function EditForm({ entry, onDone }: { entry: SchoolListEntry; onDone: () => void }) {
  const [audience, setAudience] = useState<ListAudience>(entry.audience);
  const [endsAt, setEndsAt] = useState(localOf(entry.endsAt));
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <form
      data-testid="school-list-edit-form"
      onSubmit={(event) => {
        event.preventDefault();
        postJson(`/school-lists/${encodeURIComponent(entry.id)}`, { audience, endsAt: isoOfLocal(endsAt), reason }).then(onDone, (e: unknown) =>
          setProblem(e instanceof ApiError ? [e.message, ...e.issues.map((issue) => issue.message)].join(': ') : String(e)),
        );
      }}
    >
      <AudiencePicker audience={audience} onChange={setAudience} name="school-list-edit" />
      <label>
        Ends (optional)
        <input type="datetime-local" name="school-list-edit-ends" value={endsAt} onInput={(event) => setEndsAt(event.currentTarget.value)} />
      </label>
      <label>
        Why the change (kept in the trail, and becomes the entry's reason)
        <input type="text" name="school-list-edit-reason" value={reason} minLength={3} maxLength={500} onInput={(event) => setReason(event.currentTarget.value)} required />
      </label>
      <button type="submit">Save the change</button>
      {problem && (
        <p role="alert" class="problem">
          {problem}
        </p>
      )}
    </form>
  );
}

export function RemoveForm({ entry, reportId, onDone, label }: { entry: Pick<SchoolListEntry, 'id' | 'target' | 'action'>; reportId: string | null; onDone: () => void; label?: string }) {
  const [reason, setReason] = useState('');
  const [resolve, setResolve] = useState(reportId !== null);
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <form
      data-testid="school-list-remove-form"
      onSubmit={(event) => {
        event.preventDefault();
        postJson(`/school-lists/${encodeURIComponent(entry.id)}/remove`, { reason, reportId, resolveReport: reportId !== null && resolve }).then(onDone, (e: unknown) =>
          setProblem(e instanceof ApiError ? e.message : String(e)),
        );
      }}
    >
      <label>
        Why remove it (kept in the trail)
        <input type="text" name="school-list-remove-reason" value={reason} minLength={3} maxLength={500} onInput={(event) => setReason(event.currentTarget.value)} required />
      </label>
      {reportId !== null && (
        <label class="inline">
          <input type="checkbox" checked={resolve} onChange={(event) => setResolve(event.currentTarget.checked)} /> Resolve the report with this
        </label>
      )}
      <button type="submit">{label ?? `Remove ${entry.target} from the ${entry.action} list`}</button>
      {problem && (
        <p role="alert" class="problem">
          {problem}
        </p>
      )}
    </form>
  );
}

export function SchoolListEntryView({ id, me }: { id: string; me: Me }) {
  const { data: entry, error, reload } = useLoad(() => getJson<SchoolListEntryReply>(`/school-lists/${encodeURIComponent(id)}`), [id]);
  if (!entry) return <Loading error={error} />;
  const inForce = entry.endedAt === null;
  const mayEdit = inForce && schoolListRefusal(me.role, { kind: 'edit' }) === null;
  return (
    <section aria-labelledby="school-list-entry-title" data-testid="school-list-entry">
      <p>
        <a href="#school-lists">← School lists</a>
      </p>
      <h2 id="school-list-entry-title">
        {entry.action === 'block' ? 'Blocked' : 'Allowed'}: {entry.target}
      </h2>
      <dl>
        <dt>For</dt>
        <dd>{describeAudience(entry.audience)}</dd>
        <dt>Reason</dt>
        <dd>{entry.reason}</dd>
        <dt>Added</dt>
        <dd>
          {when(entry.createdAt)} by {entry.createdBy} ({entry.createdRole === 'dsl' ? 'DSL' : 'IT Lead'})
        </dd>
        <dt>Ends</dt>
        <dd>{entry.endsAt ? when(entry.endsAt) : 'no end date'}</dd>
        <dt>State</dt>
        <dd data-testid="school-list-entry-state">
          {inForce ? 'in force' : entry.endedHow === 'expired' ? `ended at its end date, ${when(entry.endedAt)}` : `removed ${when(entry.endedAt)} by ${entry.endedBy}`}
        </dd>
        {entry.reportId && (
          <>
            <dt>From a report</dt>
            <dd>
              <a href={`#report/${encodeURIComponent(entry.reportId)}`} data-testid="school-list-entry-report">
                the report it was made from
              </a>
            </dd>
          </>
        )}
      </dl>
      {mayEdit && (
        <>
          <h3>Change who it is for or when it ends</h3>
          <EditForm entry={entry} onDone={reload} />
          <h3>Remove</h3>
          <RemoveForm entry={entry} reportId={null} onDone={reload} />
        </>
      )}
      {inForce && !mayEdit && <p>Only the IT Lead can change or remove an entry.</p>}
      <h3>Trail</h3>
      <TrailTable changes={entry.trail} testId="school-list-entry-trail" />
    </section>
  );
}
