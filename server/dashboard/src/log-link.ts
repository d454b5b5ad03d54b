/** Links into log search with its filters (and page) in the hash: `#logs?type=block&category=illegal&before=...`. */
export const LOG_SEARCH_PARAMS = ['user', 'device', 'category', 'type', 'host', 'from', 'to', 'before'] as const;
export type LogSearchParams = Partial<Record<(typeof LOG_SEARCH_PARAMS)[number], string>>;

export function logSearchLink(params: LogSearchParams): string {
  const search = new URLSearchParams(Object.entries(params).filter(([, value]) => value)).toString();
  return search ? `#logs?${search}` : '#logs';
}

/** The filters a `#logs?...` hash names; anything else is ignored. */
export function logSearchParams(query: string): LogSearchParams {
  const params = new URLSearchParams(query);
  return Object.fromEntries(LOG_SEARCH_PARAMS.flatMap((name) => (params.get(name) ? [[name, params.get(name)!]] : [])));
}
