import { useState } from 'preact/hooks';
import type { Audience } from '../../../filter/catalogue';
import type { ReportReason } from '../../../reports/model';
import { reasonLabel, reasonsFor } from '../../../reports/reasons';

/**
 * The optional reason (radio "chips": one choice, arrow keys move between
 * them) and comment, after the report is already sent. Nothing here is
 * required: the report has arrived whether or not this is filled in.
 */
export function ReportFollowUp({
  audience,
  initialReason,
  busy,
  onSubmit,
}: {
  audience: Audience;
  initialReason: ReportReason | null;
  busy: boolean;
  onSubmit: (reason: ReportReason | null, comment: string) => void;
}) {
  const [reason, setReason] = useState<ReportReason | null>(initialReason);
  const [comment, setComment] = useState('');
  const pupil = audience !== 'adult';
  return (
    <form
      class="follow-up"
      data-testid="report-follow-up"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(reason, comment);
      }}
    >
      <fieldset>
        <legend>{pupil ? "Tell us why (you don't have to)" : 'Reason (optional)'}</legend>
        <div class="chips">
          {reasonsFor(audience).map((id) => (
            <label class="chip" key={id}>
              <input type="radio" name="reason" value={id} checked={reason === id} data-testid={`report-reason-${id}`} onChange={() => setReason(id)} />
              <span>{reasonLabel(id, audience)}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <label class="comment" for="report-comment">
        {pupil ? 'Anything else you want to tell us? (optional)' : 'Comment (optional)'}
      </label>
      <textarea
        id="report-comment"
        data-testid="report-comment"
        rows={3}
        maxLength={2000}
        value={comment}
        onInput={(event) => setComment((event.target as HTMLTextAreaElement).value)}
      />
      <button type="submit" data-testid="report-follow-up-submit" disabled={busy || (reason === null && !comment.trim())}>
        {pupil ? 'Add to my report' : 'Add to the report'}
      </button>
    </form>
  );
}
