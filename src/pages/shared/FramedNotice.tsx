/**
 * What the block and warn pages show when they land in a frame: a listed
 * site embedded in an open page (a video, a social post, an advert) is
 * redirected here like any other request to it. A frame is no place for the
 * full page: its buttons would act on the embedding tab, and a page with ten
 * embeds would ask the worker ten times. So: one line, no worker, no report;
 * a warned site can be opened in its own tab, where the warn page asks
 * properly. Illegal-feed stops name nothing (they carry no address anyway).
 */
import type { BlockedTarget } from './blocked-url';

export function FramedNotice({ target, page }: { target: BlockedTarget; page: 'blocked' | 'warn' }) {
  const site = target.category !== 'illegal' && target.host ? target.host : '';
  return (
    <p class="framed" data-testid="framed-notice" data-page={page}>
      {page === 'warn' && site ? (
        <>
          Content from {site} is not shown here.{' '}
          <a href={target.url} target="_blank" rel="noopener noreferrer">
            Open it in its own tab
          </a>
        </>
      ) : (
        <>Your school's filter stopped {site ? `content from ${site}` : 'this content'}.</>
      )}
    </p>
  );
}

/** Whether this page is inside a frame of another page rather than a tab of its own. */
export function isFramed(): boolean {
  try {
    return window.top !== window.self;
  } catch {
    return true;
  }
}
