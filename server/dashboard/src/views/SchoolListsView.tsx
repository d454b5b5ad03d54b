/**
 * The school's own block and allow lists: add (one site or a pasted list),
 * the entries in force or ended (searchable, paged with the total, never cut
 * short), and every change in the trail. Each entry opens on its own page to
 * edit or remove it. What the signed-in role may not do is not offered.
 */
import { useState } from 'preact/hooks';
import { getJson } from '../api';
import { Pager } from '../components/Pager';
import { SchoolListForm } from '../components/SchoolListForm';
import { Loading, useLoad } from '../components/useLoad';
import { count, when } from '../format';
import type { Me, SchoolListsPageReply, SchoolListTrailReply } from '../../../src/dashboard-api/types';
import { schoolListRefusal } from '../../../src/school-lists/permissions';
import type { SchoolListChange, SchoolListEntry } from '../../../src/store/rows';
import { describeAudience } from '../../../../src/school-lists/audience';

export const CHANGE_WORDS: Record<SchoolListChange['change'], string> = { added: 'added', edited: 'changed', removed: 'removed', expired: 'ended (end date)' };

export function EntryLink({ entry }: { entry: Pick<SchoolListEntry, 'id' | 'target'> }) {
  return (
    <a href={`#school-list/${encodeURIComponent(entry.id)}`} data-testid="school-list-entry-link">
      {entry.target}
    </a>
  );
}

function EntryTable({ entries, ended }: { entries: SchoolListEntry[]; ended: boolean }) {
  return (
    <div class="scroll">
      <table data-testid={ended ? 'school-list-ended' : 'school-list-entries'}>
        <thead>
          <tr>
            <th scope="col">List</th>
            <th scope="col">Site</th>
            <th scope="col">For</th>
            <th scope="col">Reason</th>
            <th scope="col">Added</th>
            <th scope="col">{ended ? 'Ended' : 'Ends'}</th>
            <th scope="col">From a report</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id} data-testid="school-list-row" data-target={entry.target} data-action={entry.action}>
              <td>{entry.action}</td>
              <td>
                <EntryLink entry={entry} />
              </td>
              <td>{describeAudience(entry.audience)}</td>
              <td>{entry.reason}</td>
              <td>
                {when(entry.createdAt)} by {entry.createdBy}
              </td>
              <td>{ended ? `${when(entry.endedAt)} (${entry.endedHow === 'expired' ? 'end date' : `removed by ${entry.endedBy}`})` : entry.endsAt ? when(entry.endsAt) : 'no end date'}</td>
              <td>{entry.reportId ? <a href={`#report/${encodeURIComponent(entry.reportId)}`}>report</a> : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function TrailTable({ changes, testId }: { changes: SchoolListChange[]; testId: string }) {
  return (
    <div class="scroll">
      <table data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Change</th>
            <th scope="col">Site</th>
            <th scope="col">For</th>
            <th scope="col">Ends</th>
            <th scope="col">Why</th>
            <th scope="col">Report</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((change) => (
            <tr key={change.seq} data-testid="school-list-change" data-change={change.change}>
              <td>{when(change.at)}</td>
              <td>{change.actor ? `${change.actor} (${change.actorRole === 'dsl' ? 'DSL' : 'IT Lead'})` : '—'}</td>
              <td>
                {CHANGE_WORDS[change.change]} ({change.action} list)
              </td>
              <td>
                <EntryLink entry={{ id: change.entryId, target: change.target }} />
              </td>
              <td>{describeAudience(change.audience)}</td>
              <td>{change.endsAt ? when(change.endsAt) : 'no end date'}</td>
              <td>{change.reason ?? '—'}</td>
              <td>{change.reportId ? <a href={`#report/${encodeURIComponent(change.reportId)}`}>report</a> : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const PAGE = 100;

export function SchoolListsView({ me }: { me: Me }) {
  const [state, setState] = useState<'in-force' | 'ended'>('in-force');
  const [search, setSearch] = useState('');
  const [offset, setOffset] = useState(0);
  const [trailOffset, setTrailOffset] = useState(0);
  const [added, setAdded] = useState<string | null>(null);
  const lists = useLoad(() => getJson<SchoolListsPageReply>('/school-lists', { state, search, offset: String(offset), limit: String(PAGE) }), [state, search, offset]);
  const trail = useLoad(() => getJson<SchoolListTrailReply>('/school-lists/trail', { offset: String(trailOffset), limit: String(PAGE) }), [trailOffset]);
  const mayAllow = schoolListRefusal(me.role, { kind: 'add', action: 'allow' }) === null;
  const data = lists.data;
  return (
    <section aria-labelledby="school-lists-title">
      <h2 id="school-lists-title">School lists</h2>
      <p>
        Your school's own block and allow lists. Devices pick up a change within a minute, and at once on a pupil's block page. A block beats every allow and never-block,
        as the policy's blockDomains does; an allow sits with the policy's allowDomains. Nothing here opens a locked category or anything on the illegal feed. The
        policy's own lists (Google Admin console) still apply too.
        {mayAllow ? '' : ' As DSL you can block a site; only the IT Lead can allow, change or remove entries.'}
      </p>
      {data && (
        <p data-testid="school-list-counts">
          In force: {count(data.counts.blockDomains)} blocked domains and {count(data.counts.blockPaths)} blocked addresses (at most {count(data.limits.pathBlocks)}),{' '}
          {count(data.counts.allowDomains)} allowed domains and {count(data.counts.allowPaths)} allowed addresses (at most {count(data.limits.pathAllows)}); at most{' '}
          {count(data.limits.entries)} entries in all.
        </p>
      )}

      <h3>Add</h3>
      <SchoolListForm
        name="school-list-add"
        initial={{ action: 'block', targets: '', audience: { scope: 'pupils' }, reason: '', endsAt: '', resolveReport: false }}
        reportId={null}
        submitLabel="Add to the list"
        allowActions={mayAllow ? ['block', 'allow'] : ['block']}
        me={me}
        onDone={(reply) => {
          setAdded(`Added ${count(reply.added.length)} ${reply.added.length === 1 ? 'entry' : 'entries'}.`);
          lists.reload();
          trail.reload();
        }}
      />
      {added && (
        <p role="status" data-testid="school-list-added">
          {added}
        </p>
      )}

      <h3>Entries</h3>
      <form
        class="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          setOffset(0);
          setSearch(new FormData(event.currentTarget).get('search')?.toString() ?? '');
        }}
      >
        <label>
          Show{' '}
          <select name="state" value={state} onChange={(event) => (setOffset(0), setState(event.currentTarget.value as 'in-force' | 'ended'))}>
            <option value="in-force">in force</option>
            <option value="ended">ended (removed or past their end date)</option>
          </select>
        </label>{' '}
        <label>
          Site contains <input type="search" name="search" defaultValue={search} />
        </label>{' '}
        <button type="submit" class="secondary">
          Search
        </button>
      </form>
      {!data ? (
        <Loading error={lists.error} />
      ) : data.total === 0 ? (
        <p data-testid="school-list-empty">No entries{search ? ` naming "${search}"` : ''}.</p>
      ) : (
        <>
          <Pager page={{ ...data, shown: data.entries.length }} onOffset={setOffset} testId="school-list-pager" label="Pages of school list entries" />
          <EntryTable entries={data.entries} ended={state === 'ended'} />
        </>
      )}

      <h3>Trail</h3>
      <p>Every change, newest first: who, when, why, and the entry as the change left it. An entry's end date is recorded when it passes.</p>
      {!trail.data ? (
        <Loading error={trail.error} />
      ) : trail.data.total === 0 ? (
        <p>No changes yet.</p>
      ) : (
        <>
          <Pager page={{ ...trail.data, shown: trail.data.changes.length }} onOffset={setTrailOffset} testId="school-list-trail-pager" label="Pages of the school lists' trail" />
          <TrailTable changes={trail.data.changes} testId="school-list-trail" />
        </>
      )}
    </section>
  );
}
