import { clockTime, endTime } from '../../../overrides/lesson-time';
import { describedBy, FieldError } from './FieldError';

/** How long: the presets the policy's maximum allows (radio buttons, arrow keys move), and when that ends. */
export function DurationChoice({
  presets,
  maxMinutes,
  minutes,
  now,
  onChange,
  errors,
}: {
  presets: readonly number[];
  maxMinutes: number;
  minutes: number;
  now: Date;
  onChange: (minutes: number) => void;
  errors: string[];
}) {
  return (
    <fieldset aria-describedby={describedBy('lesson-until', errors.length > 0 && 'lesson-error-duration')}>
      <legend>How long</legend>
      <div class="chips">
        {presets.map((preset) => (
          <label class="chip" key={preset}>
            <input type="radio" name="lesson-minutes" checked={minutes === preset} data-testid={`lesson-minutes-${preset}`} onChange={() => onChange(preset)} />
            <span>{preset} min</span>
          </label>
        ))}
      </div>
      <p class="note" id="lesson-until" data-testid="lesson-until">
        Until {clockTime(endTime(now, minutes))} (your school allows up to {maxMinutes} minutes).
      </p>
      <FieldError id="lesson-error-duration" messages={errors} />
    </fieldset>
  );
}
