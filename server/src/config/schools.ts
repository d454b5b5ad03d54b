/**
 * The `schools` key (a trust's schools) and the checks that tie every token and dashboard user to one of them
 * (schools/scope.ts says what a school's scope means). Absent: the endpoint serves one school and no token or
 * user may name one.
 */
import { z } from 'zod';
import { SCHOOL_ID_PATTERN, TRUST_WIDE } from '../schools/scope';

export const schoolsSchema = z
  .array(
    z.strictObject({
      id: z.string().regex(SCHOOL_ID_PATTERN, 'a school id is 1-40 lowercase letters, digits or hyphens (e.g. "st-marys")'),
      name: z.string().trim().min(1).max(100),
    }),
  )
  .min(1, 'at least one school (or leave schools out: the endpoint then serves one school)')
  .superRefine((schools, context) => {
    const ids = new Set<string>();
    schools.forEach((school, index) => {
      if (school.id === TRUST_WIDE) context.addIssue({ code: 'custom', path: [index, 'id'], message: `"${TRUST_WIDE}" names the whole trust: choose another id` });
      if (ids.has(school.id)) context.addIssue({ code: 'custom', path: [index, 'id'], message: `school id "${school.id}" is used twice` });
      ids.add(school.id);
    });
  });

/** An optional `school` beside a token or a dashboard user; whether it is required is decided with the schools list (checkSchoolMembers). */
export const memberSchool = z.string().trim().min(1).optional();

interface Issue {
  path: (string | number)[];
  message: string;
}

export interface SchoolMembers {
  schools?: readonly { id: string }[];
  tokens: readonly { label: string; school?: string }[];
  dashboardUsers: readonly { username: string; school?: string }[];
  /** googleSignIn.roles as written: a role, or {role, school}. */
  googleRoles?: Readonly<Record<string, string | { school?: string }>>;
  /** notifications.email.schools: each school's own alert recipients, by school id. */
  notificationSchools?: Readonly<Record<string, unknown>>;
}

/** Every token names one of the schools; every dashboard account one of them or the trust. With no schools, none may name one. */
export function checkSchoolMembers(members: SchoolMembers): Issue[] {
  const issues: Issue[] = [];
  const { schools } = members;
  const ids = schools?.map((school) => school.id) ?? [];
  const check = (path: (string | number)[], who: string, school: string | undefined, trustAllowed: boolean): void => {
    const choices = [...ids, ...(trustAllowed ? [TRUST_WIDE] : [])].map((id) => `"${id}"`).join(', ');
    if (schools === undefined) {
      if (school !== undefined) issues.push({ path, message: `${who} names school "${school}", but the config has no schools list: add schools, or leave school out` });
      return;
    }
    if (school === undefined) issues.push({ path, message: `${who} needs a school: one of ${choices}` });
    else if (!ids.includes(school) && !(trustAllowed && school === TRUST_WIDE)) issues.push({ path, message: `${who} names school "${school}", which is not one of ${choices}` });
  };
  members.tokens.forEach((token, index) => check(['tokens', index, 'school'], `token "${token.label}"`, token.school, false));
  members.dashboardUsers.forEach((user, index) => check(['dashboardUsers', index, 'school'], `dashboard user "${user.username}"`, user.school, true));
  for (const [email, mapping] of Object.entries(members.googleRoles ?? {})) {
    check(['googleSignIn', 'roles', email], `Google account ${email}`, typeof mapping === 'string' ? undefined : mapping.school, true);
  }
  for (const id of Object.keys(members.notificationSchools ?? {})) {
    const path = ['notifications', 'email', 'schools', id];
    if (schools === undefined) issues.push({ path, message: `recipients for school "${id}", but the config has no schools list: the addresses above get every alert` });
    else if (!ids.includes(id)) issues.push({ path, message: `"${id}" is not one of the schools (${ids.map((known) => `"${known}"`).join(', ')})` });
  }
  return issues;
}
