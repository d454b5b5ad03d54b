/** Small wording shared by the alert email and the digest (pure). */
import type { YearGroup } from '../../../src/policy/year-groups';
import type { Severity } from '../monitoring/risks';

export function severityWord(severity: Severity): string {
  return severity[0]!.toUpperCase() + severity.slice(1);
}

export function yearGroupWords(yearGroup: YearGroup | null): string {
  if (yearGroup === null) return 'not known';
  return yearGroup === 'R' ? 'Reception' : `Year ${yearGroup.slice(1)}`;
}

export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** A two-column HTML table of label and value, everything escaped. */
export function htmlRows(rows: readonly (readonly [string, string])[]): string {
  return `<table cellpadding="4">${rows.map(([label, value]) => `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`).join('')}</table>`;
}

/** The same rows as aligned plain text. */
export function textRows(rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return rows.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`).join('\n');
}
