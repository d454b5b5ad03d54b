import type { OverviewDay } from '../../../../src/dashboard-api/types';
import { count, dayWords } from '../../format';
import { labelEvery, niceTicks } from './scale';
import { SERIES_KEYS, SERIES_STYLES, type SeriesStyle } from './series';

const WIDTH = 720;
const HEIGHT = 240;
const MARGIN = { left: 48, right: 40, top: 12, bottom: 40 };
const PLOT_WIDTH = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_HEIGHT = HEIGHT - MARGIN.top - MARGIN.bottom;

function Marker({ style, x, y, size }: { style: SeriesStyle; x: number; y: number; size: number }) {
  if (style.marker === 'circle') return <circle cx={x} cy={y} r={size} fill={style.colour} />;
  if (style.marker === 'square') return <rect x={x - size} y={y - size} width={size * 2} height={size * 2} fill={style.colour} />;
  if (style.marker === 'diamond') return <polygon points={`${x},${y - size * 1.4} ${x + size * 1.2},${y} ${x},${y + size * 1.4} ${x - size * 1.2},${y}`} fill={style.colour} />;
  return <polygon points={`${x},${y - size * 1.3} ${x - size * 1.2},${y + size} ${x + size * 1.2},${y + size}`} fill={style.colour} />;
}

/** The key: each series' line pattern and marker beside its name, as on the chart. */
export function Legend() {
  return (
    <ul class="chart-legend">
      {SERIES_KEYS.map((key) => {
        const style = SERIES_STYLES[key];
        return (
          <li key={key}>
            <svg width="36" height="14" viewBox="0 0 36 14" aria-hidden="true" focusable="false">
              <line x1="2" y1="7" x2="34" y2="7" stroke={style.colour} stroke-width="2.5" stroke-dasharray={style.dash || undefined} />
              <Marker style={style} x={18} y={7} size={4} />
            </svg>
            {style.label}
          </li>
        );
      })}
    </ul>
  );
}

/**
 * Blocks, warnings and reports per day as lines. The picture is one image to assistive technology,
 * named by the figure's title and summary; the numbers behind it are in the table below it.
 */
export function DayChart({ days, labelledBy }: { days: OverviewDay[]; labelledBy: string }) {
  const ticks = niceTicks(Math.max(...days.flatMap((day) => SERIES_KEYS.map((key) => day[key]))));
  const top = ticks.at(-1)!;
  const x = (index: number) => MARGIN.left + (days.length === 1 ? PLOT_WIDTH / 2 : (index * PLOT_WIDTH) / (days.length - 1));
  const y = (value: number) => MARGIN.top + PLOT_HEIGHT - (value / top) * PLOT_HEIGHT;
  const every = labelEvery(days.length, 8);
  const markerSize = days.length > 31 ? 2.5 : 4;
  return (
    <svg class="chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={labelledBy} data-testid="day-chart">
      {ticks.map((tick) => (
        <g key={tick}>
          <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(tick)} y2={y(tick)} stroke="#d0d7de" />
          <text x={MARGIN.left - 6} y={y(tick) + 4} text-anchor="end" class="chart-text">
            {count(tick)}
          </text>
        </g>
      ))}
      {days.map((day, index) =>
        // Counted back from today, so the last day is always labelled and the labels are evenly spaced.
        (days.length - 1 - index) % every === 0 ? (
          <text key={day.day} x={x(index)} y={HEIGHT - MARGIN.bottom + 18} text-anchor="middle" class="chart-text">
            {dayWords(day.day)}
          </text>
        ) : null,
      )}
      {SERIES_KEYS.map((key) => {
        const style = SERIES_STYLES[key];
        return (
          <g key={key}>
            <polyline
              points={days.map((day, index) => `${x(index)},${y(day[key])}`).join(' ')}
              fill="none"
              stroke={style.colour}
              stroke-width="2.5"
              stroke-dasharray={style.dash || undefined}
            />
            {days.map((day, index) => (
              <Marker key={day.day} style={style} x={x(index)} y={y(day[key])} size={markerSize} />
            ))}
          </g>
        );
      })}
    </svg>
  );
}
