/**
 * CSV for the IT Lead's spreadsheet, RFC 4180 (CRLF lines, quoted fields,
 * doubled quotes). Log fields are pupil- and website-controlled, so a cell a
 * spreadsheet would run as a formula (= + - @, tab, CR) is prefixed with a
 * quote (OWASP "CSV injection"): it shows as text instead.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: string | number | boolean | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(cells: readonly (string | number | boolean | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export function csvDocument(header: readonly string[], rows: readonly (readonly (string | number | boolean | null | undefined)[])[]): string {
  return csvLine(header) + rows.map(csvLine).join('');
}
