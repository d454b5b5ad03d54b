import type { Audience } from '../../../filter/catalogue';
import { ReportFollowUp } from './ReportFollowUp';
import { ReportStatus } from './ReportStatus';
import type { ReportState } from './useReport';

const COULD_NOT_STORE = {
  adult: 'The report could not be made on this device. Tell the IT Lead, and the DSL directly if a child may be at risk.',
  child: 'Something went wrong and the report was not made. Please tell a teacher or another adult you trust.',
};

/** After the one click: how it went, then the optional reason and comment. */
export function ReportPanel({ report, audience }: { report: ReportState; audience: Audience }) {
  return (
    <section class="report-panel" aria-label="Your report">
      {report.busy && !report.view && (
        <p role="status" data-testid="report-sending">
          Sending…
        </p>
      )}
      {report.error && (
        <p role="alert" class="problem" data-testid="report-error">
          {audience === 'adult' ? COULD_NOT_STORE.adult : COULD_NOT_STORE.child}
        </p>
      )}
      {report.view && <ReportStatus view={report.view} audience={audience} followedUp={report.followedUp} />}
      {report.view && !report.followedUp && (
        <ReportFollowUp audience={audience} initialReason={report.view.reason} busy={report.busy} onSubmit={(reason, comment) => void report.followUp(reason, comment)} />
      )}
    </section>
  );
}
