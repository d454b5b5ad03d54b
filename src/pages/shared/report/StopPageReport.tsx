import type { Audience } from '../../../filter/catalogue';
import { askWorker } from '../worker-client';
import { HelpLine } from './HelpLine';
import { ReportPanel } from './ReportPanel';
import { useReport } from './useReport';

/**
 * "I think this is wrong" on the block and warn pages: the same report as the
 * popup's, about the page that was stopped (the worker reads it from this
 * page's own address), with "this shouldn't be blocked" as its reason.
 */
export function StopPageReport({ audience }: { audience: Audience }) {
  const report = useReport();
  if (!report.view && !report.busy && !report.error) {
    return (
      <p class="report-wrong">
        <button type="button" class="secondary" data-testid="report-wrong" onClick={() => void report.send(() => askWorker({ type: 'report/stopped-page' }))}>
          I think this is wrong
        </button>
      </p>
    );
  }
  return (
    <>
      <ReportPanel report={report} audience={audience} />
      <HelpLine audience={audience} />
    </>
  );
}
