import type { ClassesReply } from '../../../overrides/model';
import type { YearGroup } from '../../../policy/year-groups';
import { describedBy, FieldError } from './FieldError';

export interface AudienceInput {
  yearGroups: YearGroup[];
  classes: string[];
  /** As typed: parsed on submit (src/overrides/lesson-pupils.ts). */
  pupilsText: string;
}

function toggled<T>(list: readonly T[], item: T, on: boolean): T[] {
  return on ? [...list.filter((x) => x !== item), item] : list.filter((x) => x !== item);
}

/** Who it is for: any mix of year groups, classes from the endpoint's rosters, and named pupils. */
export function AudienceFields({
  yearGroups,
  classes,
  classesError,
  value,
  onChange,
  errors,
  pupilErrors,
}: {
  yearGroups: readonly YearGroup[];
  classes: ClassesReply['classes'];
  classesError: string | null;
  value: AudienceInput;
  onChange: (value: AudienceInput) => void;
  errors: string[];
  pupilErrors: string[];
}) {
  const errorId = errors.length > 0 ? 'lesson-error-audience' : null;
  return (
    <fieldset aria-describedby={describedBy(errorId)} data-testid="lesson-audience">
      <legend>Who for</legend>
      <FieldError id="lesson-error-audience" messages={errors} />
      <fieldset class="nested">
        <legend>Year groups</legend>
        <div class="chips">
          {yearGroups.map((year) => (
            <label class="chip" key={year}>
              <input
                type="checkbox"
                checked={value.yearGroups.includes(year)}
                data-testid={`lesson-year-${year}`}
                onChange={(event) => onChange({ ...value, yearGroups: toggled(value.yearGroups, year, (event.target as HTMLInputElement).checked) })}
              />
              <span>{year === 'R' ? 'Reception' : year}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset class="nested">
        <legend>Classes</legend>
        {classesError && (
          <p class="note" data-testid="lesson-classes-error">
            {classesError}
          </p>
        )}
        {!classesError && classes.length === 0 && <p class="note">No class rosters on the school's endpoint yet.</p>}
        {classes.length > 0 && (
          <div class="class-list">
            {classes.map((entry) => (
              <label class="check" key={entry.name}>
                <input
                  type="checkbox"
                  checked={value.classes.includes(entry.name)}
                  data-testid={`lesson-class-${entry.name}`}
                  onChange={(event) => onChange({ ...value, classes: toggled(value.classes, entry.name, (event.target as HTMLInputElement).checked) })}
                />{' '}
                {entry.name} <span class="muted">({entry.pupils} {entry.pupils === 1 ? 'pupil' : 'pupils'})</span>
              </label>
            ))}
          </div>
        )}
      </fieldset>
      <label class="comment" for="lesson-pupils">
        Named pupils (school emails, one per line or separated by commas)
      </label>
      <textarea
        id="lesson-pupils"
        rows={2}
        data-testid="lesson-pupils"
        aria-invalid={pupilErrors.length > 0 ? 'true' : undefined}
        aria-describedby={describedBy(pupilErrors.length > 0 && 'lesson-error-pupils')}
        value={value.pupilsText}
        onInput={(event) => onChange({ ...value, pupilsText: (event.target as HTMLTextAreaElement).value })}
      />
      <FieldError id="lesson-error-pupils" messages={pupilErrors} />
    </fieldset>
  );
}
