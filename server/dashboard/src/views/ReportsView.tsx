import { useState } from 'preact/hooks';
import { getJson } from '../api';
import { IdentityMark } from '../components/IdentityMark';
import { Pager } from '../components/Pager';
import { Loading, useLoad } from '../components/useLoad';
import { count, when, words } from '../format';
import { DEFAULT_REPORTS_PAGE, type Me, type ReportsReply } from '../../../src/dashboard-api/types';
import { SchoolCell, SchoolFilter, SchoolHeader } from '../components/SchoolFilter';

/** The queue: urgent first, then newest; resolved at the end. Paged, never cut short. A trust's staff see each report's school and may filter by it. */
export function ReportsView({ me }: { me: Me }) {
  const [offset, setOffset] = useState(0);
  const [school, setSchool] = useState('');
  const { data, error } = useLoad(() => getJson<ReportsReply>('/reports', { offset: String(offset), limit: String(DEFAULT_REPORTS_PAGE), ...(school ? { school } : {}) }), [offset, school]);
  const filter = (
    <SchoolFilter
      me={me}
      value={school}
      onChange={(chosen) => {
        setSchool(chosen);
        setOffset(0);
      }}
    />
  );
  if (!data) return <Loading error={error} />;
  const pager = <Pager page={{ ...data, shown: data.reports.length }} onOffset={setOffset} testId="reports-pager" label="Pages of the reports queue" />;
  return (
    <section aria-labelledby="reports-title">
      <h2 id="reports-title">Reports ({count(data.total)})</h2>
      {filter}
      {data.total === 0 ? (
        <p>No reports.</p>
      ) : (
        <>
          {pager}
          <div class="scroll">
            <table data-testid="reports">
              <thead>
                <tr>
                  <th scope="col">Priority</th>
                  <SchoolHeader />
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
                    <SchoolCell school={report.school} />
                    <td>{when(report.receivedAt)}</td>
                    <td>
                      {report.user} <IdentityMark verification={report.verification} />
                    </td>
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
          {pager}
        </>
      )}
    </section>
  );
}
