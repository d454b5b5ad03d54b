/**
 * A problem shown beside its field. The field points at it with
 * aria-describedby (see `describedBy`), so a screen reader reads it with the
 * field's label.
 */
export function FieldError({ id, messages }: { id: string; messages: readonly string[] }) {
  if (messages.length === 0) return null;
  return (
    <p id={id} class="field-error" data-testid={id}>
      {messages.join(' ')}
    </p>
  );
}

/** The aria-describedby value for a field with these optional descriptions (undefined when none). */
export function describedBy(...ids: (string | false | null | undefined)[]): string | undefined {
  const present = ids.filter((id): id is string => Boolean(id));
  return present.length > 0 ? present.join(' ') : undefined;
}
