/**
 * What the worker tells extension pages about lesson allowlists: the
 * teacher's panel in the popup, and the block / warn page's fresh check.
 * The worker decides who may see the panel (staff with an endpoint and a
 * signed-in school account); pages only render what they are given.
 */
import type { YearGroup } from '../policy/year-groups';
import type { ClassesReply, Override } from './model';

/** Why the panel is not offered; pupils get `not-staff` and the popup shows nothing of it. */
export type LessonPanelUnavailable = 'not-staff' | 'no-endpoint' | 'not-signed-in';

export type LessonPanelView =
  | { available: false; why: LessonPanelUnavailable }
  | {
      available: true;
      /** The teacher's school account: recorded as who opened it. */
      teacher: string;
      /** The current tab's site, prefilled; null on pages that are not web sites. */
      suggestedDomain: string | null;
      /** Lesson-length presets no longer than `maxMinutes`. */
      presetMinutes: number[];
      maxMinutes: number;
      yearGroups: readonly YearGroup[];
      /** From the endpoint's rosters; empty with `classesError` when it could not be reached. */
      classes: ClassesReply['classes'];
      classesError: string | null;
      /** This teacher's allowlists that are not over yet; null with `activeError` when unreachable. */
      active: Override[] | null;
      activeError: string | null;
    };

export interface RefusalIssue {
  path: string;
  message: string;
}

export type LessonCreateReply = { ok: true; override: Override } | { ok: false; error: string; issues: RefusalIssue[] };

export type LessonEndReply = { ok: true; override: Override } | { ok: false; error: string };

/**
 * `opened`: since the page was stopped, a lesson allowlist or the school's own
 * lists (the dashboard's) have opened the site, and the rules are already in
 * force; the page may reload it. `by` says which, for the words on the way.
 */
export interface LessonCheckReply {
  opened: boolean;
  by?: 'lesson' | 'school';
}
