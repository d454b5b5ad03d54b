/**
 * Which field of the lesson form each refusal belongs beside (pure). Paths
 * are the shared schema's (`domains.2`, `audience.pupils.0`, `reason`,
 * `endsAt`...), whether the page, the worker or the endpoint found them;
 * anything without a field of its own is shown with the outcome only.
 */
import type { RefusalIssue } from '../../../overrides/panel';

export interface FieldIssues {
  domainRow(row: number): string[];
  domains: string[];
  audience: string[];
  pupils: string[];
  duration: string[];
  reason: string[];
  other: string[];
}

export function fieldIssues(issues: readonly RefusalIssue[]): FieldIssues {
  const rows = new Map<number, string[]>();
  const grouped: Omit<FieldIssues, 'domainRow'> = { domains: [], audience: [], pupils: [], duration: [], reason: [], other: [] };
  for (const { path, message } of issues) {
    const row = /^domains\.(\d+)$/.exec(path);
    if (row) rows.set(Number(row[1]), [...(rows.get(Number(row[1])) ?? []), message]);
    else if (path === 'domains') grouped.domains.push(message);
    else if (path.startsWith('audience.pupils')) grouped.pupils.push(message);
    else if (path.startsWith('audience')) grouped.audience.push(message);
    else if (path === 'startsAt' || path === 'endsAt') grouped.duration.push(message);
    else if (path === 'reason') grouped.reason.push(message);
    else grouped.other.push(message);
  }
  return { ...grouped, domainRow: (row) => rows.get(row) ?? [] };
}
