/**
 * The device status page for the IT admin (Extension options): who the filter
 * thinks this is, what it enforces per category, and every policy problem.
 */
import { useEffect, useState } from 'preact/hooks';
import { CATEGORY_IDS } from '../../shared/categories';
import type { SiteLookupReply } from '../../shared/messages';
import type { StatusView } from '../../shared/status';
import { askWorker } from '../shared/worker-client';
import { ListsCredits } from './ListsCredits';

function time(ms: number | null): string {
  return ms === null ? 'never' : new Date(ms).toLocaleString('en-GB');
}

export function StatusPage() {
  const [status, setStatus] = useState<StatusView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    askWorker({ type: 'status/get' }).then(setStatus, (e: unknown) => setError(String(e)));
  }, []);

  if (error) return <p role="alert">Could not reach the filter's service worker: {error}</p>;
  if (!status) return <p aria-busy="true">Loading status…</p>;
  const { profile } = status;
  const errors = status.problems.filter((p) => p.severity === 'error');

  return (
    <>
      <h1>School Filter status</h1>
      <section aria-labelledby="policy-problems">
        <h2 id="policy-problems">Policy problems</h2>
        {status.problems.length === 0 ? (
          <p data-testid="policy-ok">The policy is valid.</p>
        ) : (
          <ul data-testid="policy-problems">
            {status.problems.map((p) => (
              <li class={p.severity}>
                <strong>{p.severity === 'error' ? 'Error' : 'Warning'}</strong> at <code>{p.path || '(policy)'}</code>: {p.message}
              </li>
            ))}
          </ul>
        )}
        {errors.length > 0 && <p>Invalid values were replaced with safe ones; the filter stays on.</p>}
      </section>

      <section aria-labelledby="who">
        <h2 id="who">Who this device is filtering</h2>
        <dl>
          <dt>School</dt>
          <dd>{profile?.schoolName || 'not set'}</dd>
          <dt>Role</dt>
          <dd data-testid="role">{profile?.role ?? 'unknown'}</dd>
          <dt>Year group</dt>
          <dd data-testid="year-group">
            {profile?.role === 'staff'
              ? 'not applicable (staff)'
              : profile?.yearGroup
                ? `${profile.yearGroup} (${profile.keyStage}, from ${profile.yearGroupSource})`
                : 'unknown: strictest pupil profile'}
          </dd>
          <dt>Signed-in user</dt>
          <dd>{status.email || 'not signed in'}</dd>
          <dt>Device</dt>
          <dd>
            {status.device && (status.device.serialNumber || status.device.assetId || status.device.directoryId)
              ? `serial ${status.device.serialNumber || '-'}, asset ${status.device.assetId || '-'}, directory id ${status.device.directoryId || '-'}, ${status.device.location || 'no location'}`
              : 'not a managed ChromeOS device'}
          </dd>
          <dt>Policy applied</dt>
          <dd>{time(status.appliedAt)} ({status.reason ?? 'not yet'})</dd>
          <dt>Policy hash</dt>
          <dd>
            <code>{status.policyHash?.slice(0, 16) ?? 'none'}</code>
          </dd>
          <dt>Extension version</dt>
          <dd>{status.extensionVersion}</dd>
        </dl>
      </section>

      <section aria-labelledby="categories">
        <h2 id="categories">Categories</h2>
        <table data-testid="category-table">
          <thead>
            <tr>
              <th scope="col">Category</th>
              <th scope="col">Action</th>
              <th scope="col">Teachers may open</th>
            </tr>
          </thead>
          <tbody>
            {CATEGORY_IDS.map((id) => (
              <tr data-category={id}>
                <th scope="row">{id}</th>
                <td class={`action-${profile?.actions[id]}`}>{profile?.actions[id] ?? 'block'}</td>
                <td>{profile?.lockedCategories.includes(id) ? 'no (locked)' : 'yes'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="rules">
        <h2 id="rules">Rules and endpoint</h2>
        <dl>
          <dt>Enabled rulesets</dt>
          <dd data-testid="enabled-rulesets">{status.enabledRulesets.join(', ') || 'none'}</dd>
          <dt>Static rules still available</dt>
          <dd>{status.rules.availableStaticRules}</dd>
          <dt>Dynamic / session rules</dt>
          <dd>
            {status.rules.dynamicRules} / {status.rules.sessionRules}
          </dd>
          <dt>School endpoint</dt>
          <dd data-testid="endpoint">
            {status.endpoint.url ? `${status.endpoint.url}: ${status.endpoint.reachability}` : 'not configured'}
          </dd>
          <dt>Last upload</dt>
          <dd data-testid="last-upload">{time(status.lastUploadAt)}</dd>
          <dt>Waiting to upload</dt>
          <dd data-testid="queue">
            {status.queue.events} events ({Math.ceil(status.queue.bytes / 1024)} KB)
            {status.queue.retryAt ? `; next try ${time(status.queue.retryAt)}` : ''}
            {status.queue.lastError ? ` (last try: ${status.queue.lastError})` : ''}
          </dd>
          <dt>Refused by the endpoint</dt>
          <dd data-testid="quarantine">
            {status.queue.quarantined.length === 0
              ? 'none'
              : status.queue.quarantined.map((batch) => `${batch.eventCount} events, HTTP ${batch.status} at ${time(batch.at)}: ${batch.error}`).join('; ')}
          </dd>
          <dt>Reports waiting to be sent</dt>
          <dd data-testid="reports-waiting">
            {status.reports.waiting}
            {status.reports.retryAt ? `; next try ${time(status.reports.retryAt)}` : ''}
          </dd>
          <dt>Reports the endpoint refused (kept on this device)</dt>
          <dd data-testid="reports-refused">
            {status.reports.refused.length === 0
              ? 'none'
              : status.reports.refused.map((report) => `${report.id}: HTTP ${report.status} at ${time(report.at)}: ${report.error}`).join('; ')}
          </dd>
          <dt>Proof of the signed-in account</dt>
          <dd data-testid="identity-proof">
            {!status.identityProof.configured
              ? 'not set up (no identityProof in the policy): the endpoint cannot verify who sent what this device uploads'
              : status.identityProof.held
                ? `held for ${status.identityProof.held.account} until ${time(status.identityProof.held.expiresAt)}`
                : 'none held'}
            {status.identityProof.lastError ? ` (last try: ${status.identityProof.lastError})` : ''}
          </dd>
          <dt>Lesson allowlists in force</dt>
          <dd data-testid="lessons">
            {status.lessons.inForce.length === 0
              ? 'none'
              : status.lessons.inForce.map((allow) => `${allow.domains.join(', ')} until ${time(allow.expiresAt)}`).join('; ')}
            {status.lessons.fetchedAt ? `; last checked ${time(status.lessons.fetchedAt)}` : ''}
            {status.lessons.lastError ? ` (last check failed: ${status.lessons.lastError})` : ''}
          </dd>
        </dl>
      </section>

      <SchoolLists lists={status.schoolLists} />
      <ListsCredits />
    </>
  );
}

function count(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

/**
 * The school's own lists, both places they are kept, and a lookup: which of
 * this device's lists name a site, in order of authority, so the IT Lead
 * knows whether to change the policy or the dashboard.
 */
function SchoolLists({ lists }: { lists: StatusView['schoolLists'] }) {
  const [address, setAddress] = useState('');
  const [lookup, setLookup] = useState<SiteLookupReply | null>(null);
  const { policy, dashboard } = lists;
  return (
    <section aria-labelledby="school-lists">
      <h2 id="school-lists">Your school's lists</h2>
      <p>
        They are kept in two places: the policy (Google Admin console) and the dashboard on the school endpoint. A block on either beats every allow; nothing opens
        what is illegal.
      </p>
      <dl>
        <dt>In the policy</dt>
        <dd data-testid="policy-lists">
          {count(policy.blockDomains, 'blocked domain', 'blocked domains')}, {count(policy.allowDomains, 'allowed domain', 'allowed domains')}
        </dd>
        <dt>On the dashboard, applied here</dt>
        <dd data-testid="dashboard-lists">
          blocked: {count(dashboard.blockDomains, 'domain', 'domains')} and {count(dashboard.blockPaths, 'address', 'addresses')}; allowed:{' '}
          {count(dashboard.allowDomains, 'domain', 'domains')} and {count(dashboard.allowPaths, 'address', 'addresses')}
          {dashboard.nextEnd ? `; the next entry ends ${time(dashboard.nextEnd)}` : ''}
        </dd>
        <dt>Dashboard lists last checked</dt>
        <dd data-testid="dashboard-lists-checked" class={lists.lastError ? 'error' : undefined}>
          {time(lists.fetchedAt)}
          {lists.lastError ? ` (last check failed: ${lists.lastError}. The copy held stays in force.)` : ''}
        </dd>
        {lists.heldForAnotherReader && (
          <dd class="warning" data-testid="dashboard-lists-other-reader">
            The copy held was fetched for another year group or role: only its blocks apply until the endpoint answers.
          </dd>
        )}
        {lists.refused.length > 0 && (
          <>
            <dt>Allowed on the dashboard, kept blocked here (a locked category)</dt>
            <dd data-testid="dashboard-lists-refused">{lists.refused.map((refusal) => `${refusal.target} (${refusal.category})`).join(', ')}</dd>
          </>
        )}
      </dl>
      <form
        data-testid="site-lookup"
        onSubmit={(event) => {
          event.preventDefault();
          askWorker({ type: 'status/site', address }).then(setLookup, (e: unknown) => setLookup({ ok: false, error: String(e) }));
        }}
      >
        <label>
          Which list names a site?{' '}
          <input name="site" type="text" value={address} onInput={(event) => setAddress(event.currentTarget.value)} placeholder="example.com" required />
        </label>{' '}
        <button type="submit">Check</button>
      </form>
      <div role="status" data-testid="site-lookup-result">
        {lookup &&
          (!lookup.ok ? (
            <p class="error">{lookup.error}</p>
          ) : lookup.listings.length === 0 ? (
            <p>No list on this device names {lookup.host}, so it opens (the illegal feed is not looked up here).</p>
          ) : (
            <ol>
              {lookup.listings.map((listing, index) => (
                <li data-list={listing.list}>
                  {lookup.host}: {listing.words}
                  {index === 0 && lookup.listings.length > 1 ? ' (this one decides: it outranks the rest)' : ''}
                </li>
              ))}
            </ol>
          ))}
      </div>
    </section>
  );
}
