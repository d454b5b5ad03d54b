/**
 * How each series of the day chart is drawn: a colour, and a line pattern and a marker of its own, so
 * the lines are told apart without seeing colour (WCAG 1.4.1). The colours are at least 4.5:1 on white.
 */
export interface SeriesStyle {
  label: string;
  colour: string;
  /** SVG stroke-dasharray; '' for a solid line. */
  dash: string;
  marker: 'circle' | 'square' | 'triangle' | 'diamond';
}

export const SERIES_STYLES = {
  blocks: { label: 'Blocks', colour: '#a4262c', dash: '', marker: 'circle' },
  warnings: { label: 'Warnings', colour: '#7a4f00', dash: '8 4', marker: 'square' },
  reports: { label: 'Reports', colour: '#1b4f9c', dash: '2 4', marker: 'triangle' },
  alerts: { label: 'Safeguarding alerts', colour: '#5b2a86', dash: '12 3 2 3', marker: 'diamond' },
} as const satisfies Record<string, SeriesStyle>;

export type SeriesKey = keyof typeof SERIES_STYLES;
export const SERIES_KEYS = Object.keys(SERIES_STYLES) as SeriesKey[];
