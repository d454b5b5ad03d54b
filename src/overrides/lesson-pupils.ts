/**
 * Named pupils, as a teacher types or pastes them: school emails separated
 * by commas, semicolons, spaces or new lines (pure). Pasting a column from a
 * spreadsheet or a "To:" line both work. The worker's message schema refuses
 * a bad address outright, so the popup checks with this first and names the
 * addresses it could not read.
 */
import { emailSchema } from './model';

/** As overrideAudienceSchema allows. */
const MAX_PUPILS = 200;

export interface PupilList {
  pupils: string[];
  /** What could not be read as an email address, as typed. */
  invalid: string[];
  tooMany: boolean;
}

export function parsePupilList(text: string): PupilList {
  const pupils: string[] = [];
  const invalid: string[] = [];
  for (const entry of text.split(/[\s,;]+/)) {
    if (!entry) continue;
    // <pupil@school> as mail programs copy an address.
    const parsed = emailSchema.safeParse(entry.replace(/^<(.*)>$/, '$1'));
    if (!parsed.success) invalid.push(entry);
    else if (!pupils.includes(parsed.data)) pupils.push(parsed.data);
  }
  return { pupils, invalid, tooMany: pupils.length > MAX_PUPILS };
}

export function pupilListProblem(list: PupilList): string | null {
  if (list.invalid.length > 0) return `Not an email address: ${list.invalid.slice(0, 5).join(', ')}${list.invalid.length > 5 ? '…' : ''}. Use pupils' school emails.`;
  if (list.tooMany) return `At most ${MAX_PUPILS} named pupils; choose a class or year group instead.`;
  return null;
}
