import { useEffect, useState } from 'preact/hooks';
import type { Override } from '../../../overrides/model';
import { UNAVAILABLE_WORDING } from '../../../overrides/lesson-replies';
import { ActiveLessons } from './ActiveLessons';
import { LessonForm } from './LessonForm';
import { useLessonPanel } from './useLessonPanel';
import { useNow } from './useNow';

const TICK_MS = 30_000;

/**
 * The teacher's "Allow for this lesson" section of the popup, below the
 * report button (which stays one click). The form sits in a disclosure so a
 * teacher reporting a page is not met by it; the open allowlists show at once.
 * Staff who cannot use it yet are told why; pupils (`not-staff`) see nothing.
 */
export function LessonSection({ tabId, targetKnown }: { tabId: number | null; targetKnown: boolean }) {
  const view = useLessonPanel(tabId, targetKnown);
  const { now, renew } = useNow(TICK_MS);
  const [active, setActive] = useState<Override[] | null>(null);
  useEffect(() => setActive(view?.available ? view.active : null), [view]);

  if (!view || (!view.available && view.why === 'not-staff')) return null;
  return (
    <section class="lesson-panel" aria-labelledby="lesson-heading" data-testid="lesson-panel" data-available={String(view.available)}>
      <h2 id="lesson-heading">Allow for this lesson</h2>
      {!view.available ? (
        <p class="note" data-testid="lesson-unavailable">
          {UNAVAILABLE_WORDING[view.why]}
        </p>
      ) : (
        <>
          <details class="lesson-disclosure">
            <summary data-testid="lesson-open">Open websites for a class</summary>
            <LessonForm
              view={view}
              now={now}
              onCreated={(override) => {
                renew();
                setActive((list) => [...(list ?? []).filter((o) => o.id !== override.id), override].sort((a, b) => Date.parse(a.endsAt) - Date.parse(b.endsAt)));
              }}
            />
          </details>
          <ActiveLessons active={active} error={view.activeError} now={now} onEnded={(id) => {
              renew();
              setActive((list) => (list ?? []).filter((o) => o.id !== id));
            }}
          />
        </>
      )}
    </section>
  );
}
