/**
 * Schools within a trust (issue 22): who may see and change which school's records. Pure: the config is the
 * one truth of who belongs where, read at each request (as auth/granted-role.ts reads the role), so a member of
 * staff moved to another school loses the old one at once.
 *
 * Every record carries its school. A device or staff token writes its own school's; a dashboard user reads and
 * changes their school's, or every school's when they belong to the trust. An endpoint with no `schools` in its
 * config serves one school, SINGLE_SCHOOL_ID, and every user and token belongs to it.
 */

/** The school of every record on an endpoint that serves one school (and of every record written before migration 12). */
export const SINGLE_SCHOOL_ID = 'school';
/** What a dashboard user's `school` says when they work across the trust's schools. */
export const TRUST_WIDE = 'trust';
/** A school id: a lowercase slug, so it reads well in URLs, CSV and logs. */
export const SCHOOL_ID_PATTERN = /^[a-z0-9-]{1,40}$/;

export interface SchoolEntry {
  id: string;
  name: string;
}

/** The school a receipt writes records for (store.ts Receipt.school). */
export function receiptSchool(receipt: { school?: string }): string {
  return receipt.school ?? SINGLE_SCHOOL_ID;
}

/**
 * What a dashboard user reads and changes: one school's records, or (null) every record the endpoint holds: a
 * trust user's, and any user's on an endpoint that serves one school (whose records are all that school's).
 */
export interface StaffScope {
  school: string | null;
}

export interface SchoolsConfig {
  /** Absent or null: one school. */
  schools?: readonly SchoolEntry[] | null;
  dashboardUsers: readonly { username: string; school?: string }[];
  googleSignIn?: { schools?: Readonly<Record<string, string>> } | null;
}

export function isTrust(config: Pick<SchoolsConfig, 'schools'>): boolean {
  return config.schools !== undefined && config.schools !== null;
}

function scopeFrom(school: string | undefined): StaffScope | null {
  if (school === undefined) return null;
  return { school: school === TRUST_WIDE ? null : school };
}

/**
 * The scope the config gives this account now; null when it names none (the account is gone, or its school is
 * missing: no silent default, a forgotten key must not give a school's DSL the whole trust).
 */
export function staffScopeOf(config: SchoolsConfig, username: string): StaffScope | null {
  if (!isTrust(config)) return { school: null };
  const local = config.dashboardUsers.find((user) => user.username === username);
  if (local) return scopeFrom(local.school);
  const google = config.googleSignIn?.schools;
  return google && Object.hasOwn(google, username) ? scopeFrom(google[username]) : null;
}

/**
 * The school a dashboard read is limited to; undefined: every school. A school user's reads are always their
 * school's, whatever they ask; a trust user's are every school's, or the one they filter by.
 */
export function readFilter(scope: StaffScope, asked?: string): string | undefined {
  return scope.school ?? (asked || undefined);
}

/** Whether a record of `school` exists as far as this scope is told: another school's record is answered as not found. */
export function canSee(scope: StaffScope, school: string): boolean {
  return scope.school === null || scope.school === school;
}

/** A school list entry is one school's or the whole trust's (TRUST_WIDE): a school's staff see theirs and the trust's. */
export function canSeeListEntry(scope: StaffScope, entrySchool: string): boolean {
  return entrySchool === TRUST_WIDE || canSee(scope, entrySchool);
}

/** The school list entries one school's devices and staff take: the whole trust's and their own. */
export function listSchoolsOf(school: string): string[] {
  return [TRUST_WIDE, school];
}

/** The school list entries a dashboard read takes: a school user's devices' own; a trust user's every entry, or the school (or "trust") they filter by. */
export function listReadSchools(scope: StaffScope, asked?: string): string[] | undefined {
  if (scope.school !== null) return listSchoolsOf(scope.school);
  return asked ? [asked] : undefined;
}

/** A school user changes their school's entries only: the whole trust's are the trust's staff's to change. */
export function canChangeListEntry(scope: StaffScope, entrySchool: string): boolean {
  return canSee(scope, entrySchool);
}

export type Chosen = { school: string } | { refused: string };

/**
 * The school a dashboard user's creation belongs to: a school user's is always their own (whatever the request
 * says); on an endpoint serving one school, that school; a trust user chooses one of the trust's schools (or,
 * where `trustWide` allows, the whole trust).
 */
export function schoolForCreation(scope: StaffScope, chosen: string | undefined, schools: readonly SchoolEntry[] | null | undefined, trustWide = false): Chosen {
  if (scope.school !== null) return { school: scope.school };
  if (!schools) return { school: SINGLE_SCHOOL_ID };
  if (chosen === undefined || chosen === '') return { refused: `choose the school this belongs to (${describeChoices(schools, trustWide)})` };
  if (trustWide && chosen === TRUST_WIDE) return { school: TRUST_WIDE };
  if (!schools.some((school) => school.id === chosen)) return { refused: `"${chosen}" is not one of the trust's schools (${describeChoices(schools, trustWide)})` };
  return { school: chosen };
}

function describeChoices(schools: readonly SchoolEntry[], trustWide: boolean): string {
  return [...schools.map((school) => school.id), ...(trustWide ? [TRUST_WIDE] : [])].join(', ');
}
