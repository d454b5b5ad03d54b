import { allowlistAuditRow } from '../allowlist-audit';
import { getJson } from '../api';
import { Loading, useLoad } from '../components/useLoad';
import { ALLOWLIST_AUDIT_MAX, type OverridesReply } from '../../../src/dashboard-api/types';
import { SchoolCell, SchoolHeader, useSchoolFilter } from '../components/SchoolFilter';

/** Who opened what, for whom, why, when, and when it ended. */
export function AllowlistsView() {
  const bySchool = useSchoolFilter();
  const { data, error } = useLoad(() => getJson<OverridesReply>('/overrides', bySchool.query), [bySchool.school]);
  if (!data) return <Loading error={error} />;
  return (
    <section aria-labelledby="allowlists-title">
      <h2 id="allowlists-title">Lesson allowlists</h2>
      {bySchool.control}
      {data.truncated && (
        <p class="cut-short" role="status" data-testid="allowlists-cut-short">
          Cut short: showing the {ALLOWLIST_AUDIT_MAX.toLocaleString('en-GB')} allowlists that start latest. Every allowlist a teacher opened, however old, is in their
          subject access export.
        </p>
      )}
      {data.overrides.length === 0 ? (
        <p>No allowlists yet.</p>
      ) : (
        // Focusable, so a keyboard can scroll the wide audit sideways (axe: scrollable-region-focusable).
        <div class="scroll" tabIndex={0} role="region" aria-label="Lesson allowlists (scrolls sideways)">
          <table data-testid="allowlists">
            <thead>
              <tr>
                <SchoolHeader />
                <th scope="col">Status</th>
                <th scope="col">Opened by</th>
                <th scope="col">Sent with</th>
                <th scope="col">Opened</th>
                <th scope="col">Sites</th>
                <th scope="col">For</th>
                <th scope="col">Reason</th>
                <th scope="col">From</th>
                <th scope="col">Until</th>
                <th scope="col">Ended</th>
              </tr>
            </thead>
            <tbody>
              {data.overrides.map((override) => {
                const row = allowlistAuditRow(override);
                return (
                  <tr key={override.id}>
                    <SchoolCell school={override.school} />
                    <td>{row.status}</td>
                    <td>{row.openedBy}</td>
                    <td>{row.openedThrough}</td>
                    <td>{row.openedAt}</td>
                    <td>{row.sites}</td>
                    <td>{row.audience}</td>
                    <td>{row.reason}</td>
                    <td>{row.startsAt}</td>
                    <td>{row.endsAt}</td>
                    <td>{row.ended}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
