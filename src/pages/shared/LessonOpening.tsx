import type { LessonCheckReply } from '../../overrides/panel';

/** Said while the page moves on to a site a lesson allowlist, or the school's own list, has just opened. */
export function LessonOpening({ by }: { by: LessonCheckReply['by'] }) {
  return (
    <p role="status" data-testid="lesson-opening" class="lesson-opening">
      {by === 'school' ? 'Your school has opened this site.' : 'Your teacher has opened this site for the lesson.'} Opening it now…
    </p>
  );
}
