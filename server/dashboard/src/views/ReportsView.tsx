import { getJson } from '../api';
import { Loading, useLoad } from '../components/useLoad';
import { when, words } from '../format';
import type { ReportsReply } from '../../../src/dashboard-api/types';

/** The queue: urgent first, then newest; resolved at the end. */
export function ReportsView() {
  const { data, error } = useLoad(() => getJson<ReportsReply>('/reports'));
  if (!data) return <Loading error={error} />;
  return (
    <section aria-labelledby="reports-title">
      <h2 id="reports-title">Reports</h2>
      {data.reports.length === 0 ? (
        <p>No reports.</p>
      ) : (
        <div class="scroll">
          <table data-testid="reports">
            <thead>
              <tr>
                <th scope="col">Priority</th>
                <th scope="col">Received</th>
                <th scope="col">Pupil</th>
                <th scope="col">Year</th>
                <th scope="col">Reason</th>
                <th scope="col">Page</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {data.reports.map((report) => (
                <tr key={report.id} class={report.urgent ? 'urgent' : ''} data-testid="report-row">
                  <td>{report.urgent ? <strong class="badge-urgent">Urgent</strong> : 'Normal'}</td>
                  <td>{when(report.receivedAt)}</td>
                  <td>{report.user}</td>
                  <td>{report.yearGroup ?? '—'}</td>
                  <td>{words(report.reason)}</td>
                  <td>
                    <a href={`#report/${encodeURIComponent(report.id)}`} data-testid="report-open">
                      {report.title || '(no title)'}
                    </a>
                  </td>
                  <td data-testid="report-status">{words(report.status)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
