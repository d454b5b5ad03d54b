import { useState } from 'preact/hooks';
import { getJson } from '../api';
import { BarTable, type BarRow } from '../components/charts/BarTable';
import { ChartFigure } from '../components/charts/ChartFigure';
import { DayChart, Legend } from '../components/charts/DayChart';
import { SERIES_KEYS, SERIES_STYLES } from '../components/charts/series';
import { Tile } from '../components/Tile';
import { Loading, useLoad } from '../components/useLoad';
import { categoryWords, count, dayWords, words } from '../format';
import { logSearchLink } from '../log-link';
import { categorySummary, perDaySummary, siteSummary, siteWords } from '../overview-words';
import { OVERVIEW_DAYS_DEFAULT, type OverviewReply } from '../../../src/dashboard-api/types';
import { useSchoolFilter } from '../components/SchoolFilter';

const DAY_CHOICES = [7, OVERVIEW_DAYS_DEFAULT, 30, 90];

function OpenReportsTile({ open }: { open: OverviewReply['openReports'] }) {
  return (
    <Tile id="reports" title="Open reports" number={open.total} numberId="total" link={{ href: '#reports', text: 'Open the reports queue (urgent first)' }}>
      {open.total === 0 ? (
        <p>No open reports.</p>
      ) : (
        <>
          <p data-testid="tile-reports-urgent" class={open.urgent > 0 ? 'badge-urgent' : ''}>
            {open.urgent > 0 ? `${count(open.urgent)} urgent` : 'None urgent'}
          </p>
          <ul class="tile-list">
            {open.byStatus.map((row) => (
              <li key={row.status} data-testid="tile-reports-status">
                {words(row.status)}: {count(row.reports)}
                {row.urgent > 0 ? ` (${count(row.urgent)} urgent)` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
    </Tile>
  );
}

function SilentDevicesTile({ devices }: { devices: OverviewReply['silentDevices'] }) {
  return (
    <Tile id="devices" title="Devices gone silent" number={devices.silent} numberId="silent" link={{ href: '#devices', text: 'See the devices' }}>
      <p>
        {devices.devices === 0
          ? 'No device has sent anything yet.'
          : `of ${count(devices.devices)} ${devices.devices === 1 ? 'device' : 'devices'}: no heartbeat for more than ${count(devices.heartbeatStaleMinutes)} minutes, or none ever. A silent device may be off the filter.`}
      </p>
    </Tile>
  );
}

function OpenAlertsTile({ open }: { open: OverviewReply['openAlerts'] }) {
  return (
    <Tile id="alerts" title="Open safeguarding alerts" number={open.total} numberId="total" link={{ href: '#alerts', text: 'Open the alerts (most severe first)' }}>
      {open.total === 0 ? (
        <p>No open alerts.</p>
      ) : (
        <ul class="tile-list">
          {open.bySeverity
            .filter((row) => row.alerts > 0)
            .map((row) => (
              <li key={row.severity} data-testid="tile-alerts-severity">
                <span class={`severity severity-${row.severity}`}>{words(row.severity)}</span>: {count(row.alerts)}
              </li>
            ))}
        </ul>
      )}
    </Tile>
  );
}

function PerDay({ overview }: { overview: OverviewReply }) {
  const empty = overview.perDay.every((day) => day.blocks === 0 && day.warnings === 0 && day.reports === 0 && day.alerts === 0);
  return (
    <ChartFigure
      id="per-day"
      title="Blocks, warnings, reports and safeguarding alerts per day"
      summary={empty ? `Nothing was blocked, warned, reported or alerted in the last ${count(overview.window.days)} days.` : perDaySummary(overview)}
    >
      {!empty && (
        <>
          <Legend />
          <DayChart days={overview.perDay} labelledBy="per-day-title per-day-summary" />
          <details>
            <summary>The numbers for each day</summary>
            <div class="scroll">
              <table data-testid="per-day-table">
                <thead>
                  <tr>
                    <th scope="col">Day</th>
                    {SERIES_KEYS.map((key) => (
                      <th scope="col" class="number" key={key}>
                        {SERIES_STYLES[key].label}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {overview.perDay.map((day) => (
                    <tr key={day.day} data-testid="per-day-row">
                      <th scope="row">{dayWords(day.day)}</th>
                      {SERIES_KEYS.map((key) => (
                        <td class="number" key={key}>
                          {count(day[key])}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
    </ChartFigure>
  );
}

/** Blocks ranked by what they were for: a bar table, or that there were none. */
function BlockRanking(props: { id: string; title: string; summary: (overview: OverviewReply) => string; overview: OverviewReply; caption: string; labelHeading: string; rows: BarRow[] }) {
  const { id, title, overview, rows } = props;
  const summary = rows.length === 0 ? `No blocks in the last ${count(overview.window.days)} days.` : props.summary(overview);
  return (
    <ChartFigure id={id} title={title} summary={summary}>
      {rows.length > 0 && <BarTable testId={`${id}-table`} caption={props.caption} labelHeading={props.labelHeading} valueHeading="Blocks" rows={rows} />}
    </ChartFigure>
  );
}

function Categories({ overview }: { overview: OverviewReply }) {
  return (
    <BlockRanking
      id="categories"
      title="Categories blocked most"
      summary={categorySummary}
      overview={overview}
      caption="Blocks per category, most first"
      labelHeading="Category (opens its blocks in log search)"
      rows={overview.blockedCategories.map((row) => ({ key: row.category, value: row.blocks, label: <a href={logSearchLink({ type: 'block', category: row.category })}>{categoryWords(row.category)}</a> }))}
    />
  );
}

function Sites({ overview }: { overview: OverviewReply }) {
  return (
    <BlockRanking
      id="sites"
      title="Sites blocked most"
      summary={siteSummary}
      overview={overview}
      caption="Blocks per site, most first"
      labelHeading="Site (opens its blocks in log search, never the site)"
      rows={overview.blockedSites.sites.map((row) => ({
        key: row.host ?? '',
        value: row.blocks,
        // A host is text from a device: shown as text, linked only to our own log search.
        label: row.host === null ? <span class="no-address">{siteWords(null)}</span> : <a href={logSearchLink({ type: 'block', host: row.host })}>{row.host}</a>,
      }))}
    />
  );
}

/** The first view after sign-in: what needs someone now, and what the last days looked like. */
export function OverviewView() {
  const [days, setDays] = useState(OVERVIEW_DAYS_DEFAULT);
  const bySchool = useSchoolFilter();
  const { data, error } = useLoad(() => getJson<OverviewReply>('/overview', { days: String(days), ...bySchool.query }), [days, bySchool.school]);
  return (
    <section aria-labelledby="overview-title">
      <h2 id="overview-title">Overview</h2>
      {bySchool.control}
      <form class="filters" onSubmit={(event) => event.preventDefault()}>
        <label>
          Period
          <select name="days" value={String(days)} onChange={(event) => setDays(Number((event.currentTarget as HTMLSelectElement).value))}>
            {DAY_CHOICES.map((choice) => (
              <option value={String(choice)}>Last {choice} days</option>
            ))}
          </select>
        </label>
      </form>
      {!data ? (
        <Loading error={error} />
      ) : (
        <div data-testid="overview">
          <p>
            Counted by when the endpoint received each record (a device can claim any time), in whole days on the school’s clock ({data.window.timeZone}), from the
            start of {dayWords(data.perDay[0]!.day)} to now.
          </p>
          <div class="tiles">
            <OpenAlertsTile open={data.openAlerts} />
            <OpenReportsTile open={data.openReports} />
            <SilentDevicesTile devices={data.silentDevices} />
          </div>
          <PerDay overview={data} />
          <div class="chart-pair">
            <Categories overview={data} />
            <Sites overview={data} />
          </div>
        </div>
      )}
    </section>
  );
}
