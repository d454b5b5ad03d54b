import { getJson } from '../api';
import { Loading, useLoad } from '../components/useLoad';
import { when } from '../format';
import type { DevicesReply } from '../../../src/dashboard-api/types';
import { SchoolCell, SchoolHeader, useSchoolFilter } from '../components/SchoolFilter';

export function DevicesView() {
  const bySchool = useSchoolFilter();
  const { data, error } = useLoad(() => getJson<DevicesReply>('/devices', bySchool.query), [bySchool.school]);
  if (!data) return <Loading error={error} />;
  return (
    <section aria-labelledby="devices-title">
      <h2 id="devices-title">Devices</h2>
      {bySchool.control}
      <p>
        Last user, extension and policy hash are from the batch received last (devices in an OU share a token, so what a device says cannot be proven). A clock
        marked ahead sent an event dated after it arrived: a wrong clock, or someone forging events for it.
      </p>
      <div class="scroll">
        <table data-testid="devices">
          <thead>
            <tr>
              <SchoolHeader />
              <th scope="col">Serial</th>
              <th scope="col">Asset</th>
              <th scope="col">Directory id</th>
              <th scope="col">Last user</th>
              <th scope="col">Last seen</th>
              <th scope="col">Last heartbeat</th>
              <th scope="col">Extension</th>
              <th scope="col">Policy hash</th>
              <th scope="col">Clock</th>
            </tr>
          </thead>
          <tbody>
            {data.devices.map((device) => (
              <tr key={device.key} class={device.stale ? 'stale' : ''}>
                <SchoolCell school={device.school} />
                <td>{device.serialNumber || '—'}</td>
                <td>{device.assetId || '—'}</td>
                <td>{device.directoryId || '—'}</td>
                <td>{device.lastUser}</td>
                <td>{when(device.lastSeenAt)}</td>
                <td>
                  {when(device.lastHeartbeatAt)}
                  {device.stale && <strong class="problem"> (stale)</strong>}
                </td>
                <td>{device.extensionVersion}</td>
                <td>
                  <code>{device.policyHash ? device.policyHash.slice(0, 12) : '—'}</code>
                </td>
                <td data-testid="device-clock">
                  {device.clockAheadClaimedTime ? (
                    <span class="problem">
                      ahead: an event received {when(device.clockAheadReceivedAt)} claimed {device.clockAheadClaimedTime}
                    </span>
                  ) : (
                    'ok'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
