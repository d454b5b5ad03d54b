import type { BlockedTarget } from '../shared/blocked-url';

export function BlockedPage({ target }: { target: BlockedTarget }) {
  return (
    <>
      <h1>This page is blocked</h1>
      <p>
        Your school has blocked <strong data-testid="blocked-host">{target.host || 'this site'}</strong>.
      </p>
      <p class="url" data-testid="blocked-url">{target.url}</p>
      <button type="button" onClick={() => history.back()}>
        Go back
      </button>
    </>
  );
}
