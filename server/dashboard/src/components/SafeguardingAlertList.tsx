import { useState } from 'preact/hooks';
import { getJson } from '../api';
import { ALERT_STATUS_WORDS, riskWords, SEVERITY_WORDS, WITHHELD_PUPIL } from '../alert-words';
import { count, when } from '../format';
import { Pager } from './Pager';
import { Loading, useLoad } from './useLoad';
import { ALERTS_PAGE_DEFAULT, SAFEGUARDING_ALERTS_PATH, type SafeguardingAlertsReply } from '../../../src/dashboard-api/alert-types';
import { RISK_IDS, SEVERITIES } from '../../../src/monitoring/risks';
import { ALERT_STATUSES } from '../../../src/store/alert-rows';

interface Filters {
  status: string;
  risk: string;
  severity: string;
}

const NO_FILTERS: Filters = { status: '', risk: '', severity: '' };

/**
 * The safeguarding alerts queue: open before resolved, most severe first, newest
 * evidence first; paged with the total, never cut short. An IT Lead sees every
 * alert, and in place of the pupil of one only a DSL may read, says so.
 */
export function SafeguardingAlertList() {
  const [offset, setOffset] = useState(0);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const { data, error } = useLoad(
    () => getJson<SafeguardingAlertsReply>(SAFEGUARDING_ALERTS_PATH, { offset: String(offset), limit: String(ALERTS_PAGE_DEFAULT), ...filters }),
    [offset, filters.status, filters.risk, filters.severity],
  );
  const filter = (name: keyof Filters) => (event: Event) => {
    setOffset(0);
    setFilters({ ...filters, [name]: (event.currentTarget as HTMLSelectElement).value });
  };
  const pager = data && <Pager page={{ ...data, shown: data.alerts.length }} onOffset={setOffset} testId="safeguarding-pager" label="Pages of safeguarding alerts" />;
  return (
    <>
      <div class="filters" role="group" aria-label="Filter safeguarding alerts">
        <label>
          Status
          <select name="alert-status" value={filters.status} onChange={filter('status')}>
            <option value="">Any</option>
            {ALERT_STATUSES.map((status) => (
              <option value={status}>{ALERT_STATUS_WORDS[status]}</option>
            ))}
          </select>
        </label>
        <label>
          Risk
          <select name="alert-risk" value={filters.risk} onChange={filter('risk')}>
            <option value="">Any</option>
            {RISK_IDS.map((risk) => (
              <option value={risk}>{riskWords(risk)}</option>
            ))}
          </select>
        </label>
        <label>
          Severity
          <select name="alert-severity" value={filters.severity} onChange={filter('severity')}>
            <option value="">Any</option>
            {SEVERITIES.map((severity) => (
              <option value={severity}>{SEVERITY_WORDS[severity]}</option>
            ))}
          </select>
        </label>
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
                  <th scope="col">Severity</th>
                  <th scope="col">Risk</th>
                  <th scope="col">Year</th>
                  <th scope="col">Pupil</th>
                  <th scope="col">Evidence</th>
                  <th scope="col">Status</th>
                  <th scope="col">Newest evidence</th>
                </tr>
              </thead>
              <tbody>
                {data.alerts.map((alert) => (
                  <tr key={alert.id} class={alert.status === 'resolved' ? 'resolved' : ''} data-testid="safeguarding-alert-row">
                    <td>
                      <strong class={`severity severity-${alert.severity}`}>{SEVERITY_WORDS[alert.severity]}</strong>
                    </td>
                    <td>
                      <a href={`#safeguarding-alert/${encodeURIComponent(alert.id)}`} data-testid="safeguarding-alert-open">
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
