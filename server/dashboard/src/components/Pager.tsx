import { count } from '../format';

export interface PageInfo {
  total: number;
  offset: number;
  limit: number;
  /** How many the page holds (the last page may hold fewer than `limit`). */
  shown: number;
}

/**
 * Where this page sits in the whole list, and the way to every other page:
 * a long queue is paged, never cut short, so the DSL always sees how many
 * there are and can reach each one.
 */
export function Pager({ page, onOffset, testId, label }: { page: PageInfo; onOffset: (offset: number) => void; testId: string; label: string }) {
  const { total, offset, limit, shown } = page;
  if (total <= limit && offset === 0) return null;
  const lastOffset = Math.max(0, Math.floor((total - 1) / limit) * limit);
  return (
    <nav class="pager" aria-label={label} data-testid={testId}>
      <span data-testid={`${testId}-position`}>
        Showing {count(shown === 0 ? 0 : offset + 1)}–{count(offset + shown)} of {count(total)}
      </span>{' '}
      <button type="button" class="secondary" disabled={offset === 0} onClick={() => onOffset(0)}>
        First
      </button>{' '}
      <button type="button" class="secondary" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - limit))}>
        Previous
      </button>{' '}
      <button type="button" class="secondary" disabled={offset + limit >= total} onClick={() => onOffset(offset + limit)} data-testid={`${testId}-next`}>
        Next
      </button>{' '}
      <button type="button" class="secondary" disabled={offset >= lastOffset} onClick={() => onOffset(lastOffset)} data-testid={`${testId}-last`}>
        Last
      </button>
    </nav>
  );
}
