import { getJson } from '../api';
import { EventTable } from '../components/EventTable';
import { Loading, useLoad } from '../components/useLoad';
import { when, words } from '../format';
import { logSearchLink } from '../log-link';
import type { AlertBlockGroup, AlertsReply } from '../../../src/dashboard-api/types';

/** One alert category's blocks; a list cut short says so, and links to the rest in log search. */
function BlockGroup({ group, since }: { group: AlertBlockGroup; since: string }) {
  return (
    <>
      <h4>
        {words(group.category)} ({group.total.toLocaleString('en-GB')})
      </h4>
      {group.truncated && group.next && (
        <p class="cut-short" role="status" data-testid={`alert-cut-short-${group.category}`}>
          Cut short: showing the newest {group.blocks.length.toLocaleString('en-GB')} of {group.total.toLocaleString('en-GB')} received since {when(since)}.{' '}
          <a href={logSearchLink({ type: 'block', category: group.category, before: group.next })}>See the rest in log search</a>
        </p>
      )}
      <EventTable rows={group.blocks} testId={`alert-blocks-${group.category}`} />
    </>
  );
}

export function AlertsView() {
  const { data, error } = useLoad(() => getJson<AlertsReply>('/alerts'));
  if (!data) return <Loading error={error} />;
  const total = data.blockGroups.reduce((sum, group) => sum + group.total, 0);
  return (
    <section aria-labelledby="alerts-title">
      <h2 id="alerts-title">Alerts</h2>
      <h3>Urgent reports not yet resolved ({data.urgentReports.length})</h3>
      <ul>
        {data.urgentReports.map((report) => (
          <li>
            <a href={`#report/${encodeURIComponent(report.id)}`}>{report.title || '(no title)'}</a> from {report.user}, {words(report.reason)}, {when(report.receivedAt)}
          </li>
        ))}
      </ul>
      <h3>
        Blocks in {data.alertCategories.join(', ')} received since {when(data.since)} ({total.toLocaleString('en-GB')})
      </h3>
      <p>Newest received first, each category on its own so a flood in one cannot hide another.</p>
      <div data-testid="alert-blocks">
        {data.blockGroups.map((group) => (
          <BlockGroup group={group} since={data.since} />
        ))}
      </div>
      <h3>Devices with no heartbeat for {data.heartbeatStaleMinutes} minutes ({data.staleDevices.length})</h3>
      <p>A device that stops sending heartbeats may be off the filter or tampered with.</p>
      <ul data-testid="stale-devices">
        {data.staleDevices.map((device) => (
          <li>
            {device.serialNumber || device.directoryId || device.key}: last heartbeat {when(device.lastHeartbeatAt)}, last user {device.lastUser}
          </li>
        ))}
      </ul>
    </section>
  );
}
