import { getJson } from '../api';
import { EventTable } from '../components/EventTable';
import { Loading, useLoad } from '../components/useLoad';
import { when, words } from '../format';
import type { AlertsReply } from '../../../src/dashboard-api/types';

export function AlertsView() {
  const { data, error } = useLoad(() => getJson<AlertsReply>('/alerts'));
  if (!data) return <Loading error={error} />;
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
        Blocks in {data.alertCategories.join(', ')} since {when(data.since)} ({data.blocks.length})
      </h3>
      <EventTable rows={data.blocks} testId="alert-blocks" />
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
