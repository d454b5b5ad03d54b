import { useEffect, useRef } from 'preact/hooks';

export interface Outcome {
  ok: boolean;
  headline: string;
  details: string[];
  /** A new number for every outcome, so the same words twice are focused (and read) again. */
  serial: number;
}

/** What happened after a submit or an "End now": focused when it appears, so a screen reader reads it at once. */
export function OutcomeMessage({ outcome, testId }: { outcome: Outcome | null; testId: string }) {
  const headline = useRef<HTMLParagraphElement>(null);
  useEffect(() => headline.current?.focus(), [outcome?.serial]);
  if (!outcome) return null;
  return (
    <div role={outcome.ok ? 'status' : 'alert'} class={`outcome ${outcome.ok ? 'ok' : 'refused'}`} data-testid={testId} data-outcome={outcome.ok ? 'ok' : 'refused'} data-serial={outcome.serial}>
      <p class="headline" tabIndex={-1} ref={headline}>
        {outcome.headline}
      </p>
      {outcome.details.length > 0 && (
        <ul>
          {outcome.details.map((detail) => (
            <li key={detail}>{detail}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
