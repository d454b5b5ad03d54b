import { useEffect, useState } from 'preact/hooks';
import { introWording } from '../../reports/wording';
import { HelpLine } from '../shared/report/HelpLine';
import { ReportPanel } from '../shared/report/ReportPanel';
import { useReport } from '../shared/report/useReport';
import { usePageContext } from '../shared/usePageContext';
import { askWorker } from '../shared/worker-client';
import { LessonSection } from './lesson/LessonSection';
import { type PopupTarget, readPopupTarget } from './target';

/**
 * The toolbar popup: one prominent button that sends the report at once.
 * The reason and comment come after, and only add to a report already sent.
 * Staff get the lesson allowlist section below it (the worker decides who).
 */
export function PopupPage({ search }: { search: string }) {
  const { context, ready } = usePageContext();
  const report = useReport();
  const [target, setTarget] = useState<PopupTarget | null>(null);

  useEffect(() => {
    readPopupTarget(search).then(
      async (found) => {
        setTarget(found);
        if (found.reportId) {
          const view = await askWorker({ type: 'report/get', id: found.reportId }).catch(() => null);
          if (view) report.show(view);
        }
      },
      () => setTarget({ tabId: null, reportId: null }),
    );
  }, []);

  const tabId = target?.tabId ?? null;
  const started = report.view !== null || report.busy || report.error;
  return (
    <div data-testid="popup-page" data-ready={ready && target ? 'true' : 'false'} data-audience={context.audience}>
      <h1>Report this page</h1>
      {!started && (
        <>
          <p>{introWording(context.audience)}</p>
          <button
            type="button"
            class="big"
            data-testid="report-send"
            disabled={!target || tabId === null}
            onClick={() => tabId !== null && void report.send(() => askWorker({ type: 'report/tab', tabId }))}
          >
            Report this page
          </button>
        </>
      )}
      {started && <ReportPanel report={report} audience={context.audience} />}
      <HelpLine audience={context.audience} />
      <LessonSection tabId={tabId} targetKnown={target !== null} />
    </div>
  );
}
