import { useEffect, useRef, useState } from 'preact/hooks';
import type { BlockedTarget } from '../shared/blocked-url';
import { warnWording } from '../shared/stop-wording';
import { StopPageReport } from '../shared/report/StopPageReport';
import { usePageContext } from '../shared/usePageContext';
import { LessonOpening } from '../shared/LessonOpening';
import { useLessonCheck } from '../shared/useLessonCheck';
import { askWorker } from '../shared/worker-client';

const REFUSED = "Your school doesn't allow continuing to this site. Please go back.";

export function WarnPage({ target }: { target: BlockedTarget }) {
  const { context, ready } = usePageContext();
  const { check: lessonCheck, by: openedBy } = useLessonCheck(target.url);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const back = useRef<HTMLButtonElement>(null);
  useEffect(() => back.current?.focus(), []);
  const wording = warnWording(target.category, context.audience, context.warnContinueMinutes, target.classified);
  document.title = wording.title;
  const stopped = { url: target.url, category: target.category ?? '' };

  async function goBack() {
    await askWorker({ type: 'warn/back', ...stopped }).catch(() => undefined);
    history.back();
  }

  async function continueToSite() {
    setBusy(true);
    try {
      const reply = await askWorker({ type: 'warn/continue', ...stopped });
      if (reply.ok) {
        location.replace(target.url);
        return;
      }
      setProblem(REFUSED);
    } catch {
      setProblem(REFUSED);
    }
    setBusy(false);
  }

  return (
    <div data-testid="warn-page" data-lesson-check={lessonCheck} data-ready={ready ? 'true' : 'false'} data-audience={context.audience}>
      <h1>{wording.title}</h1>
      {lessonCheck === 'opening' && <LessonOpening by={openedBy} />}
      {target.host && (
        <p>
          Website: <strong data-testid="warn-host">{target.host}</strong>
        </p>
      )}
      <p data-testid="warn-rule">{wording.rule}</p>
      <p>{context.contact}</p>
      {problem && (
        <p role="alert" data-testid="warn-problem" class="problem">
          {problem}
        </p>
      )}
      <div class="actions">
        {/* Going back is the choice we hope for, so it has the focus and the primary style. */}
        <button type="button" data-testid="warn-back" ref={back} onClick={() => void goBack()}>
          Go back
        </button>
        <button type="button" class="secondary" data-testid="warn-continue" disabled={busy || !target.url} onClick={() => void continueToSite()}>
          {wording.continueLabel}
        </button>
      </div>
      <StopPageReport audience={context.audience} />
    </div>
  );
}
