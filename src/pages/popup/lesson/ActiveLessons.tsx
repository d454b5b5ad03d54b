import { useState } from 'preact/hooks';
import { audienceSummary } from '../../../overrides/lesson-summary';
import { timeLeftText } from '../../../overrides/lesson-time';
import type { Override } from '../../../overrides/model';
import { askWorker } from '../../shared/worker-client';
import { type Outcome, OutcomeMessage } from './OutcomeMessage';

/**
 * The teacher's allowlists that are not over: what, who for, why, time left
 * (renewed with `now`), and "End now". An ended one leaves the list and the
 * outcome takes focus, since the button that had it is gone.
 */
export function ActiveLessons({ active, error, now, onEnded }: { active: Override[] | null; error: string | null; now: Date; onEnded: (id: string) => void }) {
  const [ending, setEnding] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const show = (ok: boolean, headline: string) => setOutcome((previous) => ({ ok, headline, details: [], serial: (previous?.serial ?? 0) + 1 }));

  async function end(override: Override): Promise<void> {
    setEnding(override.id);
    try {
      const reply = await askWorker({ type: 'lesson/end', id: override.id });
      if (reply.ok) {
        onEnded(override.id);
        show(true, `Ended: ${override.domains.join(', ')}. Pupils' devices close it within a minute or at their next page.`);
      } else show(false, reply.error);
    } catch (failure) {
      show(false, `The extension could not be asked to end it (${String(failure)}). It is still open.`);
    }
    setEnding(null);
  }

  const open = (active ?? []).filter((override) => Date.parse(override.endsAt) > now.getTime());
  return (
    <section class="lesson-active" aria-labelledby="lesson-active-heading" data-testid="lesson-active">
      <h3 id="lesson-active-heading">Your open allowlists</h3>
      {error && (
        <p class="note" data-testid="lesson-active-error">
          {error}
        </p>
      )}
      {!error && open.length === 0 && <p class="note">None open now.</p>}
      {open.length > 0 && (
        <ul>
          {open.map((override) => (
            <li key={override.id} data-testid="lesson-active-item" data-id={override.id}>
              <p class="domains">{override.domains.join(', ')}</p>
              <p>
                For {audienceSummary(override.audience)}.{' '}
                <span data-testid="lesson-time-left">{timeLeftText(override.endsAt, now)}</span>.
              </p>
              <p class="muted">Reason: {override.reason}</p>
              <button
                type="button"
                class="secondary small"
                aria-label={`End now: ${override.domains.join(', ')}`}
                aria-disabled={ending === override.id ? 'true' : undefined}
                data-testid={`lesson-end-${override.id}`}
                onClick={() => ending === null && void end(override)}
              >
                {ending === override.id ? 'Ending…' : 'End now'}
              </button>
            </li>
          ))}
        </ul>
      )}
      <OutcomeMessage outcome={outcome} testId="lesson-end-outcome" />
    </section>
  );
}
