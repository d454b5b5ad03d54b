/** Said while the page moves on to a site a lesson allowlist has just opened. */
export function LessonOpening() {
  return (
    <p role="status" data-testid="lesson-opening" class="lesson-opening">
      Your teacher has opened this site for the lesson. Opening it now…
    </p>
  );
}
