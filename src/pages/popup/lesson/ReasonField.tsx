import { MIN_REASON_CHARS } from '../../../overrides/lesson-request';
import { describedBy, FieldError } from './FieldError';

/**
 * The required reason. Checked on submit rather than by the browser's own
 * `required` (whose bubble a screen reader may miss and which keeps the
 * button from saying what is wrong): aria-required tells assistive tech.
 */
export function ReasonField({ value, onChange, errors }: { value: string; onChange: (value: string) => void; errors: string[] }) {
  return (
    <div class="reason-field">
      <label class="comment" for="lesson-reason">
        Reason (required)
      </label>
      <p class="note" id="lesson-reason-hint">
        At least {MIN_REASON_CHARS} characters, e.g. "Year 8 graphing lesson". Kept for the school's records.
      </p>
      <textarea
        id="lesson-reason"
        rows={2}
        maxLength={500}
        aria-required="true"
        aria-invalid={errors.length > 0 ? 'true' : undefined}
        aria-describedby={describedBy('lesson-reason-hint', errors.length > 0 && 'lesson-error-reason')}
        data-testid="lesson-reason"
        value={value}
        onInput={(event) => onChange((event.target as HTMLTextAreaElement).value)}
      />
      <FieldError id="lesson-error-reason" messages={errors} />
    </div>
  );
}
