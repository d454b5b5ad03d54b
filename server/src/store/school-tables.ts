/**
 * Every table whose rows carry a school (migration 12 added the column; migrations/v12.ts keeps its own list, as
 * a shipped migration never changes). A report's versions and trail and an alert's evidence and trail follow their
 * report or alert, and carry none.
 */
export const SCHOOL_TABLES = ['events', 'devices', 'reports', 'alerts', 'overrides', 'roster', 'school_list_entries', 'issued_tokens'] as const;

export type SchoolTable = (typeof SCHOOL_TABLES)[number];

/** The statement that moves one table's rows from one school to another (both engines). */
export const renameSchoolSql = (table: SchoolTable) => `UPDATE ${table} SET school = @to WHERE school = @from`;
