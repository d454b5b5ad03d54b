/**
 * A report's page, acting on its site: "Block this site for pupils" and
 * "Allow this site for ..." prefilled from the report (its site without
 * `www.`, the pupil's year group, a reason from the report), one click each.
 * The change names the report in its trail and the report names the entry in
 * its own; "Resolve the report with this" is ticked. What the school lists
 * already hold for the site is shown first, with what it means: a block beats
 * an allow, and the policy's blockDomains (Admin console) is out of the
 * dashboard's reach.
 */
import { getJson } from '../api';
import { when } from '../format';
import type { Me, ReportReply, SchoolListCoveringReply } from '../../../src/dashboard-api/types';
import { schoolListRefusal } from '../../../src/school-lists/permissions';
import { describeAudience, type ListAudience } from '../../../../src/school-lists/audience';
import { entrySiteOfHost } from '../../../../src/school-lists/target';
import { Loading, useLoad } from './useLoad';
import { SchoolListForm } from './SchoolListForm';
import { RemoveForm } from '../views/SchoolListEntryView';
import { EntryLink } from '../views/SchoolListsView';

/** The reasons that say "this is wrongly blocked" (src/reports/model.ts REPORT_REASONS): the allow comes first. */
const WRONGLY_BLOCKED = new Set(['should-not-be-blocked', 'over-blocking']);

/** The report's site as an entry would name it: http(s) only, `www.` dropped (an entry covers subdomains). */
export function siteOfReport(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (!/^https?:$/.test(parsed.protocol) || !parsed.hostname.includes('.')) return null;
    return entrySiteOfHost(parsed.hostname);
  } catch {
    return null;
  }
}

export function ReportListActions({ report, me, onChanged }: { report: ReportReply; me: Me; onChanged: () => void }) {
  const site = siteOfReport(report.url);
  const covering = useLoad(() => (site ? getJson<SchoolListCoveringReply>('/school-lists/covering', { host: site }) : Promise.resolve(null)), [site]);
  if (!site) return <p data-testid="report-no-site">This report names no web address, so there is no site to put on the school lists.</p>;
  if (!covering.data) return <Loading error={covering.error} />;
  const held = covering.data.entries;
  const mayAllow = schoolListRefusal(me.role, { kind: 'add', action: 'allow' }) === null;
  const mayRemove = schoolListRefusal(me.role, { kind: 'remove' }) === null;
  const allowAudience: ListAudience = report.role === 'pupil' && report.yearGroup ? { scope: 'year-groups', yearGroups: [report.yearGroup] } : { scope: 'pupils' };
  const wronglyBlocked = report.reason !== null && WRONGLY_BLOCKED.has(report.reason);
  const reasonWords = report.reason ? report.reason.replaceAll('-', ' ') : 'no reason given';
  const blockedBy = held.filter((entry) => entry.action === 'block');
  const forms = [
    <div key="block">
      <h4>Block this site for pupils</h4>
      <SchoolListForm
        me={me}
        name="report-block"
        initial={{ action: 'block', targets: site, audience: { scope: 'pupils' }, reason: `Pupil report: ${reasonWords}`, endsAt: '', resolveReport: true }}
        reportId={report.id}
        submitLabel="Block this site for pupils"
        allowActions={['block']}
        onDone={onChanged}
      />
    </div>,
    mayAllow && (
      <div key="allow">
        <h4>Allow this site for {describeAudience(allowAudience)}</h4>
        <SchoolListForm
          me={me}
          name="report-allow"
          initial={{ action: 'allow', targets: site, audience: allowAudience, reason: `Pupil report: ${reasonWords}`, endsAt: '', resolveReport: true }}
          reportId={report.id}
          submitLabel={`Allow this site for ${describeAudience(allowAudience)}`}
          allowActions={['allow']}
          onDone={onChanged}
        />
      </div>
    ),
  ];
  return (
    <div data-testid="report-list-actions">
      {report.category === 'school' && (
        <p class="cut-short" data-testid="report-policy-block">
          This site was stopped by blockDomains in the filter's policy (Google Admin console). Nothing on the dashboard can open it: remove it from the policy there.
        </p>
      )}
      {held.length > 0 && (
        <>
          <p>On the school lists now:</p>
          <ul data-testid="report-covering-entries">
            {held.map((entry) => (
              <li>
                {entry.action === 'block' ? 'Blocked' : 'Allowed'} <EntryLink entry={entry} /> for {describeAudience(entry.audience)} ({entry.reason}; {when(entry.createdAt)} by{' '}
                {entry.createdBy})
                {entry.action === 'block' && mayRemove && (
                  <RemoveForm entry={entry} reportId={report.id} onDone={onChanged} label={`Remove ${entry.target} from the block list`} />
                )}
              </li>
            ))}
          </ul>
          {blockedBy.length > 0 && <p>A block beats an allow: to open this site, remove the block (above) or change who it is for.</p>}
        </>
      )}
      {wronglyBlocked ? [forms[1], forms[0]] : forms}
    </div>
  );
}
