import type { ComponentChildren } from 'preact';

/**
 * One chart's frame: its title, a sentence saying what it shows (or that there is nothing to show),
 * then the chart and its numbers. The picture inside names itself by `${id}-title ${id}-summary`.
 */
export function ChartFigure({ id, title, summary, children }: { id: string; title: string; summary: string; children?: ComponentChildren }) {
  return (
    <figure class="chart-figure" aria-labelledby={`${id}-title`} data-testid={id}>
      <figcaption>
        <h3 id={`${id}-title`}>{title}</h3>
        <p id={`${id}-summary`} data-testid={`${id}-summary`}>
          {summary}
        </p>
      </figcaption>
      {children}
    </figure>
  );
}
