import { EVENT_CSV_HEADER, eventCsvCells } from '../../../src/csv/event-columns';
import type { EventRow } from '../../../src/store/rows';
import { when } from '../format';
import { SchoolCell, SchoolHeader } from './SchoolFilter';

type Column = (typeof EVENT_CSV_HEADER)[number];

/** The columns that fit on screen; the CSV export has every one. */
const SHOWN: { label: string; columns: Column[] }[] = [
  { label: 'Type', columns: ['type'] },
  { label: 'User', columns: ['user', 'identity'] },
  { label: 'Year', columns: ['year group'] },
  { label: 'Device', columns: ['device serial number', 'device directory id'] },
  { label: 'IP', columns: ['client IP'] },
  { label: 'Category', columns: ['category'] },
  { label: 'Host', columns: ['host'] },
  { label: 'Search term, address or detail', columns: ['search term', 'url', 'detail'] },
];

/**
 * Log events, every cell as text (addresses too: log addresses are never
 * links). Rows come newest received first, so both times are shown: when it
 * happened (the device's time, or the arrival time when the device's clock
 * was too far ahead, marked with what it claimed) and when it arrived.
 */
export function EventTable({ rows, testId }: { rows: EventRow[]; testId: string }) {
  if (rows.length === 0) return <p>No events.</p>;
  return (
    // Focusable, so a keyboard can scroll a wide table sideways (axe: scrollable-region-focusable).
    <div class="scroll" tabIndex={0} role="region" aria-label="Events (scrolls sideways)">
      <table data-testid={testId} class="events">
        <thead>
          <tr>
            <SchoolHeader />
            <th scope="col">When</th>
            <th scope="col">Received</th>
            {SHOWN.map((column) => (
              <th scope="col">{column.label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const cells = eventCsvCells(row);
            const cell = (name: Column) => cells[EVENT_CSV_HEADER.indexOf(name)] ?? '';
            return (
              <tr key={row.event.id} class={row.claimedTime ? 'clock-ahead' : ''}>
                <SchoolCell school={row.school} />
                <td class="nowrap">
                  {when(row.time)}
                  {row.claimedTime && (
                    <div class="problem" data-testid="clock-ahead">
                      device clock ahead: claimed {row.claimedTime}
                    </div>
                  )}
                </td>
                <td class="nowrap">{when(row.receivedAt)}</td>
                {SHOWN.map((column) => (
                  <td>{column.columns.map(cell).filter(Boolean).join(' · ')}</td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
