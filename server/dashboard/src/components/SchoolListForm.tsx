/**
 * One form for every way an entry is added: the School lists page (one site
 * or a pasted list) and a report's page (prefilled from the report, one
 * click). What the endpoint refuses comes back beside the form, each issue in
 * the IT Lead's words.
 */
import { useState } from 'preact/hooks';
import { ApiError, postJson } from '../api';
import type { Me, SchoolListAddReply } from '../../../src/dashboard-api/types';
import { SchoolChoice } from './SchoolFilter';
import type { ListAction, ListAudience } from '../../../../src/school-lists/audience';
import { AudiencePicker } from './AudiencePicker';

export interface SchoolListFormValues {
  action: ListAction;
  /** One site per line. */
  targets: string;
  audience: ListAudience;
  reason: string;
  /** A datetime-local value, or empty for no end date. */
  endsAt: string;
  resolveReport: boolean;
}

/** datetime-local is the browser's local time; the endpoint stores UTC. */
export function isoOfLocal(value: string): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export function SchoolListForm({
  initial,
  reportId,
  submitLabel,
  name,
  allowActions,
  me,
  onDone,
}: {
  initial: SchoolListFormValues;
  reportId: string | null;
  submitLabel: string;
  name: string;
  /** The actions this role may add (a DSL: block only). */
  allowActions: ListAction[];
  /** A trust user chooses whose list (a school's, or the whole trust's); a school's staff add to their own. */
  me: Me;
  onDone: (reply: SchoolListAddReply) => void;
}) {
  const [values, setValues] = useState(initial);
  const [school, setSchool] = useState('');
  const [problem, setProblem] = useState<{ error: string; issues: { path: string; message: string }[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<SchoolListFormValues>) => setValues({ ...values, ...patch });
  const submit = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const reply = await postJson<SchoolListAddReply>('/school-lists', {
        action: values.action,
        targets: values.targets.split(/\r?\n/).map((line) => line.trim()).filter(Boolean),
        audience: values.audience,
        reason: values.reason,
        endsAt: isoOfLocal(values.endsAt),
        reportId,
        resolveReport: reportId !== null && values.resolveReport,
        ...(school ? { school } : {}),
      });
      onDone(reply);
    } catch (reason) {
      setProblem(reason instanceof ApiError ? { error: reason.message, issues: reason.issues } : { error: String(reason), issues: [] });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      class="school-list-form"
      data-testid={`${name}-form`}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      {allowActions.length > 1 ? (
        <fieldset>
          <legend>List</legend>
          {allowActions.map((action) => (
            <label class="inline">
              <input type="radio" name={`${name}-action`} value={action} checked={values.action === action} onChange={() => set({ action })} /> {action === 'block' ? 'Block' : 'Allow'}
            </label>
          ))}
        </fieldset>
      ) : (
        <p>
          List: <strong>{values.action === 'block' ? 'block' : 'allow'}</strong>
        </p>
      )}
      <SchoolChoice me={me} value={school} onChange={setSchool} name={name} wholeTrust />
      <label>
        Sites (one per line: a domain, or an address for one page)
        <textarea name={`${name}-targets`} rows={3} value={values.targets} onInput={(event) => set({ targets: event.currentTarget.value })} required />
      </label>
      <AudiencePicker audience={values.audience} onChange={(audience) => set({ audience })} name={name} />
      <label>
        Reason (kept in the trail)
        <input type="text" name={`${name}-reason`} value={values.reason} minLength={3} maxLength={500} onInput={(event) => set({ reason: event.currentTarget.value })} required />
      </label>
      <label>
        Ends (optional: devices stop applying it then, offline too)
        <input type="datetime-local" name={`${name}-ends`} value={values.endsAt} onInput={(event) => set({ endsAt: event.currentTarget.value })} />
      </label>
      {reportId !== null && (
        <label class="inline">
          <input type="checkbox" name={`${name}-resolve`} checked={values.resolveReport} onChange={(event) => set({ resolveReport: event.currentTarget.checked })} /> Resolve the report
          with this
        </label>
      )}
      <button type="submit" disabled={busy} data-testid={`${name}-submit`}>
        {submitLabel}
      </button>
      {problem && (
        <div role="alert" class="problem" data-testid={`${name}-problem`}>
          <p>{problem.error}</p>
          {problem.issues.length > 0 && (
            <ul>
              {problem.issues.map((issue) => (
                <li>{issue.message}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </form>
  );
}
