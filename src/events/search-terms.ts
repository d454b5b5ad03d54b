/**
 * The search term in a results URL (pure): the DfE filtering standard asks
 * that logs show what was searched for, and that lives in the query string.
 */
export interface SearchTerm {
  engine: 'google' | 'bing' | 'duckduckgo' | 'youtube';
  query: string;
}

const ENGINES: { engine: SearchTerm['engine']; host: RegExp; path: RegExp; param: string }[] = [
  { engine: 'google', host: /(^|\.)google\.[a-z.]+$/, path: /^\/search$/, param: 'q' },
  { engine: 'bing', host: /(^|\.)bing\.com$/, path: /^\/(search|images\/search|videos\/search)$/, param: 'q' },
  { engine: 'duckduckgo', host: /(^|\.)duckduckgo\.com$/, path: /^\/(html\/?)?$/, param: 'q' },
  { engine: 'youtube', host: /(^|\.)youtube\.com$/, path: /^\/results$/, param: 'search_query' },
];

export function searchTermOf(address: string): SearchTerm | undefined {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return undefined;
  }
  for (const { engine, host, path, param } of ENGINES) {
    if (!host.test(url.hostname) || !path.test(url.pathname)) continue;
    const query = url.searchParams.get(param)?.trim();
    if (query) return { engine, query: query.slice(0, 2048) };
  }
  return undefined;
}
