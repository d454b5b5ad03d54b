import { useState } from 'preact/hooks';
import { getJson } from '../api';
import { ALERT_STATUS_WORDS, riskWords, SEVERITY_WORDS, WITHHELD_PUPIL } from '../alert-words';
import { count, when } from '../format';
import { Pager } from './Pager';
import { Loading, useLoad } from './useLoad';
import { alertPageHash, ALERTS_PAGE_DEFAULT, SAFEGUARDING_ALERTS_PATH, type SafeguardingAlertsReply } from '../../../src/dashboard-api/alert-types';
import { RISK_IDS, SEVERITIES } from '../../../src/monitoring/risks';
import { ALERT_STATUSES } from '../../../src/store/alert-rows';
import { SchoolCell, SchoolHeader, useSchoolFilter } from './SchoolFilter';

interface Filters {
  status: string;
  risk: string;
  severity: string;
}

const NO_FILTERS: Filters = { status: '', risk: '', severity: '' };
const COLUMNS = ['Severity', 'Risk', 'Year', 'Pupil', 'Evidence', 'Status', 'Newest evidence'];

/** One filter: "Any" or one of the options. */
function Choice({ label, name, value, onChange, options }: { label: string; name: string; value: string; onChange: (event: Event) => void; options: [string, string][] }) {
  return (
    <label>
      {label}
      <select name={name} value={value} onChange={onChange}>
        <option value="">Any</option>
        {options.map(([id, words]) => (
          <option value={id}>{words}</option>
        ))}
      </select>
    </label>
  );
}

/**
 * The safeguarding alerts queue: open before resolved, most severe first, newest
 * evidence first; paged with the total, never cut short. An IT Lead sees every
 * alert, and in place of the pupil of one only a DSL may read, says so.
 */
export function SafeguardingAlertList() {
  const [offset, setOffset] = useState(0);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const bySchool = useSchoolFilter(() => setOffset(0));
  const { data, error } = useLoad(
    () => getJson<SafeguardingAlertsReply>(SAFEGUARDING_ALERTS_PATH, { offset: String(offset), limit: String(ALERTS_PAGE_DEFAULT), ...filters, ...bySchool.query }),
    [offset, filters.status, filters.risk, filters.severity, bySchool.school],
  );
  const filter = (name: keyof Filters) => (event: Event) => {
    setOffset(0);
    setFilters({ ...filters, [name]: (event.currentTarget as HTMLSelectElement).value });
  };
  const pager = data && <Pager page={{ ...data, shown: data.alerts.length }} onOffset={setOffset} testId="safeguarding-pager" label="Pages of safeguarding alerts" />;
  return (
    <>
      <div class="filters" role="group" aria-label="Filter safeguarding alerts">
        {bySchool.control}
        <Choice label="Status" name="alert-status" value={filters.status} onChange={filter('status')} options={ALERT_STATUSES.map((status) => [status, ALERT_STATUS_WORDS[status]])} />
        <Choice label="Risk" name="alert-risk" value={filters.risk} onChange={filter('risk')} options={RISK_IDS.map((risk) => [risk, riskWords(risk)])} />
        <Choice label="Severity" name="alert-severity" value={filters.severity} onChange={filter('severity')} options={SEVERITIES.map((severity) => [severity, SEVERITY_WORDS[severity]])} />
      </div>
      {!data ? (
        <Loading error={error} />
      ) : data.total === 0 ? (
        <p data-testid="safeguarding-none">No safeguarding alerts{Object.values(filters).some(Boolean) ? ' match these filters' : ''}.</p>
      ) : (
        <>
          <p data-testid="safeguarding-count">{count(data.total)} in all: open first, most severe first, newest evidence first.</p>
          {pager}
          <div class="scroll">
            <table data-testid="safeguarding-alerts">
              <thead>
                <tr>
                  <SchoolHeader />
                  {COLUMNS.map((column) => (
                    <th scope="col">{column}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.alerts.map((alert) => (
                  <tr key={alert.id} class={alert.status === 'resolved' ? 'resolved' : ''} data-testid="safeguarding-alert-row">
                    <SchoolCell school={alert.school} />
                    <td>
                      <strong class={`severity severity-${alert.severity}`}>{SEVERITY_WORDS[alert.severity]}</strong>
                    </td>
                    <td>
                      <a href={alertPageHash(alert.id)} data-testid="safeguarding-alert-open">
                        {riskWords(alert.risk)}
                      </a>
                    </td>
                    <td>{alert.yearGroup ?? '—'}</td>
                    <td data-testid="safeguarding-alert-pupil">{alert.withheld ? <em>{WITHHELD_PUPIL}</em> : alert.user}</td>
                    <td>{count(alert.evidenceCount)}</td>
                    <td data-testid="safeguarding-alert-status">{ALERT_STATUS_WORDS[alert.status]}</td>
                    <td>{when(alert.lastEvidenceAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {pager}
        </>
      )}
    </>
  );
}
