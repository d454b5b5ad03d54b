import { useState } from 'preact/hooks';
import { getJson } from '../api';
import { EventTable } from '../components/EventTable';
import { SafeguardingAlertList } from '../components/SafeguardingAlertList';
import { Pager } from '../components/Pager';
import { Loading, useLoad } from '../components/useLoad';
import { count, duration, when, whenExactly, words } from '../format';
import { logSearchLink } from '../log-link';
import type { AlertBlockGroup, AlertsReply, FloodAlert } from '../../../src/dashboard-api/types';

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
      {group.withheld ? (
        <p data-testid={`alert-withheld-${group.category}`}>Seen by the DSL only: these blocks name pupils at risk of harm.</p>
      ) : (
        <EventTable rows={group.blocks} testId={`alert-blocks-${group.category}`} />
      )}
    </>
  );
}

/** A device key as the DSL would say it. */
function deviceName(key: string): string {
  const [kind, ...rest] = key.split(':');
  const id = rest.join(':');
  return kind === 'directory' ? `device ${id} (directory id)` : kind === 'serial' ? `device with serial number ${id}` : `the device of ${id || 'no signed-in account'}`;
}

function FloodList({ floods }: { floods: FloodAlert[] }) {
  if (floods.length === 0) return <p>None.</p>;
  return (
    <>
      <p>
        Many reports from one token or one device in a few minutes are not normal use: they may be junk sent to bury a real report. Treat a flood as an
        incident, and page through the urgent reports below and the reports queue: every report is still there.
      </p>
    <ul data-testid="floods">
      {floods.map((flood) => (
        <li key={`${flood.by}:${flood.key}:${flood.from}`} class="problem" data-testid="flood">
          {count(flood.count)} reports from {flood.by === 'token' ? `the token “${flood.key}”` : deviceName(flood.key)} in {duration(flood.from, flood.to)}, from{' '}
          {whenExactly(flood.from)} to {whenExactly(flood.to)} (a flood is {flood.threshold} or more in {flood.windowMinutes} minutes).
        </li>
      ))}
    </ul>
    </>
  );
}

export function AlertsView() {
  const [urgentOffset, setUrgentOffset] = useState(0);
  const { data, error } = useLoad(() => getJson<AlertsReply>('/alerts', { urgentOffset: String(urgentOffset) }), [urgentOffset]);
  if (!data) return <Loading error={error} />;
  const total = data.blockGroups.reduce((sum, group) => sum + group.total, 0);
  const urgent = data.urgentReports;
  return (
    <section aria-labelledby="alerts-title">
      <h2 id="alerts-title">Alerts</h2>
      <h3>Safeguarding alerts</h3>
      <p>Concerning searches, page titles and blocks, grouped per pupil and incident.</p>
      <SafeguardingAlertList />
      <h3>Floods of reports since {when(data.since)} ({data.floods.length})</h3>
      <FloodList floods={data.floods} />
      <h3>Urgent reports not yet resolved ({count(urgent.total)})</h3>
      <Pager page={{ ...urgent, shown: urgent.reports.length }} onOffset={setUrgentOffset} testId="urgent-pager" label="Pages of urgent reports" />
      <ul data-testid="urgent-reports">
        {urgent.reports.map((report) => (
          <li key={report.id}>
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
