/**
 * A page cursor for lists of events: where the last page ended, as an opaque
 * string the dashboard hands back to fetch the next page. Keyset paging, so a
 * flood arriving while the DSL pages on moves nothing already paged past.
 */
import { z } from 'zod';
import type { EventPosition } from '../store/store';

const positionSchema = z.tuple([z.iso.datetime(), z.iso.datetime(), z.uuid()]);

export function encodeCursor(position: EventPosition): string {
  return Buffer.from(JSON.stringify([position.receivedAt, position.time, position.id])).toString('base64url');
}

/** Null for anything this endpoint did not make. */
export function decodeCursor(cursor: string): EventPosition | null {
  try {
    const parsed = positionSchema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (!parsed.success) return null;
    const [receivedAt, time, id] = parsed.data;
    return { receivedAt, time, id };
  } catch {
    return null;
  }
}

/** A cursor field in a query: refused (400) unless it decodes. */
export const cursorSchema = z
  .string()
  .max(200)
  .transform((cursor, ctx) => {
    const position = decodeCursor(cursor);
    if (!position) {
      ctx.addIssue({ code: 'custom', message: 'not a page cursor from this endpoint' });
      return z.NEVER;
    }
    return position;
  });
