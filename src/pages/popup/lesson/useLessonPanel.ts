/**
 * Asks the worker whether this user gets the lesson panel, and what it
 * shows. The worker decides (role, endpoint, account); a pupil's popup gets
 * `not-staff` and renders nothing. If the worker cannot answer, nothing is
 * shown either: the page cannot tell a teacher from a pupil by itself.
 */
import { useEffect, useState } from 'preact/hooks';
import type { LessonPanelView } from '../../../overrides/panel';
import { askWorker } from '../../shared/worker-client';

export function useLessonPanel(tabId: number | null, targetKnown: boolean): LessonPanelView | null {
  const [view, setView] = useState<LessonPanelView | null>(null);
  useEffect(() => {
    if (!targetKnown) return;
    askWorker({ type: 'lesson/panel', tabId }).then(setView, () => setView(null));
  }, [tabId, targetKnown]);
  return view;
}
