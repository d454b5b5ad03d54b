import { linkableUrl } from '../safe-url';

/** A reported address: a link only for http(s), opened without a referrer; otherwise plain text. */
export function SafeLink({ url }: { url: string }) {
  const href = linkableUrl(url);
  if (href === null) return <span class="url" data-testid="unlinked-url">{url}</span>;
  return (
    <a class="url" href={href} target="_blank" rel="noopener noreferrer">
      {url}
    </a>
  );
}
