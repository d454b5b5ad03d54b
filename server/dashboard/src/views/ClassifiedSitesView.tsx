/**
 * Classified sites (issue 20): the hosts the on-device classifier stopped, no list having named them,
 * per site with its figures, for the IT Lead to confirm (the school's block list) or reject (its allow
 * list) with a reason. Undecided sites first; a decided site shows the entry that decided it, linked.
 * A host is a device's text: shown as text, never a link that opens the site. Paged with the total.
 */
import { useState } from 'preact/hooks';
import { ApiError, getJson, postJson } from '../api';
import { Pager } from '../components/Pager';
import { Loading, useLoad } from '../components/useLoad';
import { count, when, words } from '../format';
import { logSearchLink } from '../log-link';
import { CLASSIFIED_PAGE_DEFAULT, type ClassifiedDecision, type ClassifiedDecisionReply, type ClassifiedSite, type ClassifiedSitesReply, type ClassifiedState, type Me } from '../../../src/dashboard-api/types';
import { schoolListRefusal } from '../../../src/school-lists/permissions';
import { describeAudience } from '../../../../src/school-lists/audience';
import { EntryLink } from './SchoolListsView';

const WINDOWS = [7, 30, 90, 365] as const;
const STATE_WORDS: Record<ClassifiedState, string> = { undecided: 'undecided', confirmed: 'confirmed (blocked)', rejected: 'rejected (allowed)' };

function Decided({ site }: { site: ClassifiedSite }) {
  const entry = site.entry!;
  return (
    <span data-testid="classified-decided">
      {site.state === 'confirmed' ? 'Confirmed: blocked' : 'Rejected: allowed'} by <EntryLink entry={entry} /> for {describeAudience(entry.audience)} ({when(entry.createdAt)},{' '}
      {entry.createdBy})
    </span>
  );
}

/** The reason and the two buttons for one undecided site; a role that may not reject is not offered it. */
function DecisionForm({ site, days, mayReject, onDone }: { site: ClassifiedSite; days: number; mayReject: boolean; onDone: (reply: ClassifiedDecisionReply) => void }) {
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const decide = async (decision: ClassifiedDecision) => {
    setBusy(true);
    setProblem(null);
    try {
      onDone(await postJson<ClassifiedDecisionReply>('/classified-sites/decisions', { host: site.host, decision, reason, days }));
    } catch (error) {
      setProblem(error instanceof ApiError ? [error.message, ...error.issues.map((issue) => issue.message)].join(': ') : String(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="inline-form" data-testid="classified-decision" onSubmit={(event) => event.preventDefault()}>
      <label>
        Reason<span class="visually-hidden"> for {site.host}</span>
        <input type="text" name="reason" data-testid="classified-reason" value={reason} minLength={3} maxLength={300} required onInput={(event) => setReason(event.currentTarget.value)} />
      </label>
      <button type="button" disabled={busy || reason.trim().length < 3} data-testid="classified-confirm" onClick={() => void decide('confirm')}>
        Confirm<span class="visually-hidden"> {site.host}</span>: block
      </button>
      {mayReject && (
        <button type="button" class="secondary" disabled={busy || reason.trim().length < 3} data-testid="classified-reject" onClick={() => void decide('reject')}>
          Reject<span class="visually-hidden"> {site.host}</span>: allow
        </button>
      )}
      {problem && (
        <p role="alert" class="problem" data-testid="classified-problem">
          {problem}
        </p>
      )}
    </form>
  );
}

export function ClassifiedSitesView({ me }: { me: Me }) {
  const [days, setDays] = useState(30);
  const [state, setState] = useState<ClassifiedState | ''>('');
  const [offset, setOffset] = useState(0);
  const [done, setDone] = useState<ClassifiedDecisionReply | null>(null);
  const list = useLoad(() => getJson<ClassifiedSitesReply>('/classified-sites', { days: String(days), state, offset: String(offset), limit: String(CLASSIFIED_PAGE_DEFAULT) }), [days, state, offset]);
  const mayReject = schoolListRefusal(me.role, { kind: 'add', action: 'allow' }) === null;
  const data = list.data;
  return (
    <section aria-labelledby="classified-title" data-testid="classified-sites">
      <h2 id="classified-title">Classified sites</h2>
      <p>
        Sites no list names that the filter's on-device classifier stopped, because their names looked like a category the policy blocks or warns on. Confirm one to put it
        on the school's block list, or reject it to put it on the allow list, for all pupils; devices pick the change up within a minute, and at once on a pupil's block or warn page.
        The figures are what devices sent: look at the site itself before you allow it.
        {mayReject ? '' : ' As DSL you can confirm (block) a site; only the IT Lead can reject (allow) one.'}
      </p>
      <form class="inline-form" onSubmit={(event) => event.preventDefault()}>
        <label>
          Stopped in the last{' '}
          <select name="days" value={String(days)} onChange={(event) => (setOffset(0), setDays(Number(event.currentTarget.value)))}>
            {WINDOWS.map((n) => (
              <option value={String(n)}>{n} days</option>
            ))}
          </select>
        </label>
        <label>
          Show{' '}
          <select name="state" value={state} onChange={(event) => (setOffset(0), setState(event.currentTarget.value as ClassifiedState | ''))}>
            <option value="">every site</option>
            <option value="undecided">undecided</option>
            <option value="confirmed">confirmed (blocked)</option>
            <option value="rejected">rejected (allowed)</option>
          </select>
        </label>
      </form>
      {done && (
        <p role="status" data-testid="classified-done">
          {done.entry.target} is now on the {done.entry.action} list: <EntryLink entry={done.entry} />.
        </p>
      )}
      {!data ? (
        <Loading error={list.error} />
      ) : data.total === 0 ? (
        <p data-testid="classified-empty">
          {state
            ? `No ${STATE_WORDS[state]} sites in the last ${days} days.`
            : `The classifier stopped no site in the last ${days} days: either nothing unlisted looked like a blocked category, or the classifier is off in the policy or not yet on pupils' devices.`}
        </p>
      ) : (
        <>
          <p data-testid="classified-summary">
            {count(data.total)} {data.total === 1 ? 'site' : 'sites'} stopped by the classifier in the last {days} days; undecided first, then most stops.
          </p>
          <Pager page={{ ...data, shown: data.sites.length }} onOffset={setOffset} testId="classified-pager" label="Pages of classified sites" />
          <div class="scroll">
            <table data-testid="classified-table">
              <thead>
                <tr>
                  <th scope="col">Site</th>
                  <th scope="col">Looked like</th>
                  <th scope="col">Blocks</th>
                  <th scope="col">Warnings</th>
                  <th scope="col">Pupils</th>
                  <th scope="col">First arrived</th>
                  <th scope="col">Latest arrived</th>
                  <th scope="col">Highest score</th>
                  <th scope="col">Decision</th>
                </tr>
              </thead>
              <tbody>
                {data.sites.map((site) => (
                  <tr key={site.host} data-testid="classified-row" data-host={site.host} data-state={site.state}>
                    <td class="url">
                      {/* A device's text: never a link to the site. Its stops are a log search away. */}
                      <span data-testid="classified-host">{site.host}</span>
                      <br />
                      <a href={logSearchLink({ host: site.host })}>
                        its events<span class="visually-hidden"> for {site.host}</span>
                      </a>
                    </td>
                    <td>{site.categories.map(words).join(', ')}</td>
                    <td class="number">{count(site.blocks)}</td>
                    <td class="number">{count(site.warnings)}</td>
                    <td class="number">{count(site.pupils)}</td>
                    <td class="nowrap">{when(site.firstSeen)}</td>
                    <td class="nowrap">{when(site.lastSeen)}</td>
                    <td class="number">{site.topScore.toFixed(2)}</td>
                    <td>
                      {site.entry ? (
                        <Decided site={site} />
                      ) : (
                        <DecisionForm
                          site={site}
                          days={days}
                          mayReject={mayReject}
                          onDone={(reply) => {
                            setDone(reply);
                            list.reload();
                          }}
                        />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
