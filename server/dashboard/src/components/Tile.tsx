import type { ComponentChildren } from 'preact';
import { count } from '../format';

/**
 * One of the overview's tiles: a title, the number that matters, what it means, and a link to where the
 * person acts on it. `id` names the test ids (`tile-<id>`, `tile-<id>-<numberId>`) and the heading.
 */
export function Tile(props: { id: string; title: string; number: number; numberId: string; link: { href: string; text: string }; children: ComponentChildren }) {
  const { id } = props;
  return (
    <section class="tile" aria-labelledby={`tile-${id}-title`} data-testid={`tile-${id}`}>
      <h3 id={`tile-${id}-title`}>{props.title}</h3>
      <p class="tile-number" data-testid={`tile-${id}-${props.numberId}`}>
        {count(props.number)}
      </p>
      {props.children}
      <a href={props.link.href}>{props.link.text}</a>
    </section>
  );
}
