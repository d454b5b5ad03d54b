import { getJson } from '../api';
import { Loading, useLoad } from '../components/useLoad';
import { when } from '../format';
import type { OverridesReply } from '../../../src/dashboard-api/types';

/** Who opened what, for whom, why, when, and when it ended. */
export function AllowlistsView() {
  const { data, error } = useLoad(() => getJson<OverridesReply>('/overrides'));
  if (!data) return <Loading error={error} />;
  return (
    <section aria-labelledby="allowlists-title">
      <h2 id="allowlists-title">Lesson allowlists</h2>
      {data.overrides.length === 0 ? (
        <p>No allowlists yet.</p>
      ) : (
        <div class="scroll">
          <table data-testid="allowlists">
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col">Opened by</th>
                <th scope="col">Sites</th>
                <th scope="col">For</th>
                <th scope="col">Reason</th>
                <th scope="col">From</th>
                <th scope="col">Until</th>
                <th scope="col">Ended</th>
              </tr>
            </thead>
            <tbody>
              {data.overrides.map((override) => (
                <tr key={override.id}>
                  <td>{override.status}</td>
                  <td>{override.createdBy}</td>
                  <td>{override.domains.join(', ')}</td>
                  <td>{[...override.audience.yearGroups, ...override.audience.classes, ...override.audience.pupils].join(', ')}</td>
                  <td>{override.reason}</td>
                  <td>{when(override.startsAt)}</td>
                  <td>{when(override.endsAt)}</td>
                  <td>{override.endedAt ? `${when(override.endedAt)} by ${override.endedBy ?? 'unknown'}` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
