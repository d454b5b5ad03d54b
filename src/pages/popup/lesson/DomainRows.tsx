import { useLayoutEffect, useRef } from 'preact/hooks';
import { MAX_OVERRIDE_DOMAINS } from '../../../overrides/model';
import { describedBy, FieldError } from './FieldError';

/**
 * The websites to open: the current site prefilled, rows added and removed.
 * A new row takes focus; a removed row hands focus to the row above (or the
 * add button), so the keyboard never lands on nothing.
 */
export function DomainRows({
  rows,
  onChange,
  errorsFor,
  generalErrors,
}: {
  rows: string[];
  onChange: (rows: string[]) => void;
  errorsFor: (row: number) => string[];
  generalErrors: string[];
}) {
  const inputs = useRef<(HTMLInputElement | null)[]>([]);
  const addButton = useRef<HTMLButtonElement>(null);
  const focusAfter = useRef<number | 'add' | null>(null);

  // A layout effect: focus moves in the same frame the row appears or goes, never via <body>.
  useLayoutEffect(() => {
    const target = focusAfter.current;
    focusAfter.current = null;
    if (target === 'add') addButton.current?.focus();
    else if (target !== null) inputs.current[target]?.focus();
  }, [rows.length]);

  const set = (index: number, value: string) => onChange(rows.map((row, i) => (i === index ? value : row)));
  const add = () => {
    focusAfter.current = rows.length;
    onChange([...rows, '']);
  };
  const remove = (index: number) => {
    focusAfter.current = index > 0 ? index - 1 : rows.length > 1 ? 0 : 'add';
    onChange(rows.filter((_, i) => i !== index));
  };

  return (
    <fieldset aria-describedby={describedBy(generalErrors.length > 0 && 'lesson-error-domains')}>
      <legend>Websites</legend>
      {rows.map((row, index) => {
        const errors = errorsFor(index);
        const errorId = `lesson-error-domains-${index}`;
        return (
          <div class="domain-row" key={index}>
            <div class="domain-field">
              <input
                type="text"
                inputMode="url"
                autoComplete="off"
                spellcheck={false}
                aria-label={`Website ${index + 1}`}
                aria-invalid={errors.length > 0 ? 'true' : undefined}
                aria-describedby={describedBy(errors.length > 0 && errorId)}
                placeholder="e.g. bbc.co.uk"
                maxLength={253}
                value={row}
                data-testid={`lesson-domain-${index}`}
                ref={(element) => void (inputs.current[index] = element)}
                onInput={(event) => set(index, (event.target as HTMLInputElement).value)}
              />
              {rows.length > 1 && (
                <button type="button" class="secondary small" aria-label={`Remove website ${index + 1}`} data-testid={`lesson-domain-remove-${index}`} onClick={() => remove(index)}>
                  Remove
                </button>
              )}
            </div>
            <FieldError id={errorId} messages={errors} />
          </div>
        );
      })}
      <FieldError id="lesson-error-domains" messages={generalErrors} />
      <button type="button" class="secondary small" ref={addButton} disabled={rows.length >= MAX_OVERRIDE_DOMAINS} data-testid="lesson-domain-add" onClick={add}>
        Add another website
      </button>
    </fieldset>
  );
}
