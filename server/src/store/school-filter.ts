/**
 * The condition that limits a read to one school (schools/scope.ts readFilter), for both engines' statements:
 * `AND <column> = @school`, or nothing when the read is every school's (a trust user, or any user of an endpoint
 * that serves one school). So an endpoint serving one school runs the statements it ran before schools existed,
 * with the same plans off the same indexes (test/server/query-plans.sqlite.test.ts); `@school` is bound only when set.
 */
export function andSchool(school: string | undefined, column = 'school'): string {
  return school === undefined ? '' : `AND ${column} = @school`;
}

export function whereSchool(school: string | undefined, column = 'school'): string {
  return school === undefined ? '' : `WHERE ${column} = @school`;
}

/** The parameters with `school` added when the read is one school's. */
export function withSchool<T extends Record<string, unknown>>(params: T, school: string | undefined): T & { school?: string } {
  return school === undefined ? params : { ...params, school };
}
