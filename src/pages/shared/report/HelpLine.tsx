import type { Audience } from '../../../filter/catalogue';
import { CHILDLINE, helpWording } from '../../../reports/wording';

/** Where to get help now, whatever happened to the report. Childline is on the never-block list. */
export function HelpLine({ audience }: { audience: Audience }) {
  return (
    <p class="help" data-testid="report-help">
      {helpWording(audience)}{' '}
      {audience !== 'adult' && (
        <a href={CHILDLINE.url} target="_blank" rel="noreferrer">
          Childline website (opens in a new tab)
        </a>
      )}
    </p>
  );
}
