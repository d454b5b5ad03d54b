import { useEffect, useRef } from 'preact/hooks';
import type { Audience } from '../../../filter/catalogue';
import { deliveryWording, followUpClosedWording, screenshotWording, urgentWording } from '../../../reports/wording';
import type { ReportView } from '../../../shared/messages';

/** What happened to the report, in words for the reader; focused when it appears so a screen reader reads it at once. */
export function ReportStatus({ view, audience, followedUp }: { view: ReportView; audience: Audience; followedUp: boolean }) {
  const wording = deliveryWording(view.delivery, audience);
  const headline = useRef<HTMLParagraphElement>(null);
  useEffect(() => headline.current?.focus(), [view.delivery, followedUp, view.followUpClosed]);
  return (
    <div role="status" data-testid="report-status" data-delivery={view.delivery} data-report-id={view.id} class={`report-status ${view.delivery}`}>
      <p class="headline" tabIndex={-1} ref={headline}>
        {followedUp && !view.followUpClosed ? (audience === 'adult' ? 'Added to the report. ' : 'Thank you for telling us more. ') : ''}
        {wording.headline}
      </p>
      {view.followUpClosed && <p data-testid="report-follow-up-closed">{followUpClosedWording(audience)}</p>}
      <p>{wording.detail}</p>
      {view.urgent && <p data-testid="report-urgent">{urgentWording(audience)}</p>}
      {view.screenshot && <p data-testid="report-screenshot">{screenshotWording(audience)}</p>}
    </div>
  );
}
