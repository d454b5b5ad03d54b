import type { ComponentChildren } from 'preact';
import { count } from '../../format';

export interface BarRow {
  key: string;
  /** What the row is: a link to where the person acts, or words. */
  label: ComponentChildren;
  value: number;
}

/**
 * A bar chart that is also its own data table: each row names the thing (a link where there is
 * somewhere to go), draws its bar, and prints its number, so reading the table and looking at the
 * bars give the same facts. The bars are decoration to assistive technology: the number is read.
 */
export function BarTable({ rows, labelHeading, valueHeading, caption, testId }: { rows: BarRow[]; labelHeading: string; valueHeading: string; caption: string; testId: string }) {
  const largest = Math.max(1, ...rows.map((row) => row.value));
  return (
    <table class="bar-table" data-testid={testId}>
      <caption class="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{labelHeading}</th>
          <th scope="col" class="number">
            {valueHeading}
          </th>
          <th scope="col" class="bar-cell">
            <span class="visually-hidden">Bar</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} data-testid={`${testId}-row`}>
            <th scope="row">{row.label}</th>
            <td class="number">{count(row.value)}</td>
            <td class="bar-cell">
              <svg viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false" class="bar">
                <rect x="0" y="0" height="10" width={(row.value / largest) * 100} fill="#1b4f9c" />
              </svg>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
