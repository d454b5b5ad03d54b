import type { BlockedTarget } from '../shared/blocked-url';
import { blockWording } from '../shared/stop-wording';
import { StopPageReport } from '../shared/report/StopPageReport';
import { usePageContext } from '../shared/usePageContext';
import { LessonOpening } from '../shared/LessonOpening';
import { useLessonCheck } from '../shared/useLessonCheck';

export function BlockedPage({ target }: { target: BlockedTarget }) {
  const { context, ready } = usePageContext();
  const { check: lessonCheck, by: openedBy } = useLessonCheck(target.url);
  const wording = blockWording(target.category, context.audience, target.classified);
  document.title = wording.title;
  return (
    <div data-testid="blocked-page" data-classified={target.classified ? 'true' : 'false'} data-lesson-check={lessonCheck} data-ready={ready ? 'true' : 'false'} data-audience={context.audience}>
      <h1>{wording.title}</h1>
      {lessonCheck === 'opening' && <LessonOpening by={openedBy} />}
      {wording.because && <p data-testid="blocked-because">{wording.because}</p>}
      {wording.showAddress && target.host && (
        <>
          <p>
            Website: <strong data-testid="blocked-host">{target.host}</strong>
          </p>
          <p class="url" data-testid="blocked-url">
            {target.url}
          </p>
        </>
      )}
      <p data-testid="blocked-contact">{context.contact}</p>
      {context.schoolName && <p class="school">{context.schoolName}</p>}
      <button type="button" onClick={() => history.back()}>
        Go back
      </button>
      <StopPageReport audience={context.audience} />
    </div>
  );
}
