/**
 * Which page title a navigation event carries (pure). Titles are what a page says it is about
 * ("How to stop self-harming - NHS", a video's name): at logging detail `full` they let the
 * endpoint's monitoring see more than the host, for pages reached without a search. At `domain`
 * and `off` no title is ever kept: a title can say more than the address.
 */
import type { LoggingDetail } from './capture';

/** Long enough for any real title's meaning; a page cannot make an event carry more. */
export const MAX_TITLE_CHARS = 300;

/**
 * The title worth logging, or undefined: none when the policy's detail is not `full`, and none
 * when Chrome shows the address itself (a page without a <title>), which says nothing new.
 */
export function titleToLog(title: string | undefined, address: string, detail: LoggingDetail): string | undefined {
  if (detail !== 'full' || title === undefined) return undefined;
  const words = title.replace(/\s+/g, ' ').trim();
  if (!words) return undefined;
  const withoutScheme = address.replace(/^https?:\/\//, '');
  if (words === address || words === withoutScheme || words === withoutScheme.replace(/\/$/, '') || hostOf(address) === words) return undefined;
  return words.length > MAX_TITLE_CHARS ? `${words.slice(0, MAX_TITLE_CHARS - 1)}…` : words;
}

function hostOf(address: string): string {
  try {
    return new URL(address).hostname;
  } catch {
    return '';
  }
}
