import { describe, expect, it } from 'vitest';
import { academicYearStart, deriveYearGroup, keyStageOf, YEAR_GROUPS } from '../../src/policy/year-groups';

const secondary = { pattern: '^(?<intake>\\d{2})[a-z]', intakeYearGroup: 'Y7' as const };
const primary = { pattern: '^[a-z]+\\.(?<intake>\\d{4})@', intakeYearGroup: 'R' as const };
const date = (iso: string) => new Date(`${iso}T12:00:00`);

describe('academic year', () => {
  it('rolls over on 1 September, not 31 August', () => {
    expect(academicYearStart(date('2025-08-31'))).toBe(2024);
    expect(academicYearStart(date('2025-09-01'))).toBe(2025);
    expect(academicYearStart(date('2026-01-15'))).toBe(2025);
  });
});

describe('deriveYearGroup', () => {
  it('moves a pupil up overnight from 31 August to 1 September', () => {
    expect(deriveYearGroup('24jsmith@oak.sch.uk', secondary, date('2025-08-31'))).toEqual({ ok: true, yearGroup: 'Y7' });
    expect(deriveYearGroup('24jsmith@oak.sch.uk', secondary, date('2025-09-01'))).toEqual({ ok: true, yearGroup: 'Y8' });
  });

  it('places Reception in a primary school with 4-digit intake years', () => {
    expect(deriveYearGroup('amy.2026@oakprimary.sch.uk', primary, date('2026-09-03'))).toEqual({ ok: true, yearGroup: 'R' });
    expect(deriveYearGroup('amy.2020@oakprimary.sch.uk', primary, date('2026-09-03'))).toEqual({ ok: true, yearGroup: 'Y6' });
  });

  it('reaches Year 13, then reports a leaver instead of guessing', () => {
    expect(deriveYearGroup('20abc@oak.sch.uk', secondary, date('2026-11-23'))).toEqual({ ok: true, yearGroup: 'Y13' });
    const leaver = deriveYearGroup('19abc@oak.sch.uk', secondary, date('2026-11-23'));
    expect(leaver).toMatchObject({ ok: false, reason: 'leaver' });
  });

  it('reports an intake that has not started yet (new accounts made in July)', () => {
    expect(deriveYearGroup('26new@oak.sch.uk', secondary, date('2026-07-10'))).toMatchObject({ ok: false, reason: 'not-started' });
    expect(deriveYearGroup('26new@oak.sch.uk', secondary, date('2026-09-01'))).toEqual({ ok: true, yearGroup: 'Y7' });
  });

  it.each([
    ['', 'no-email'],
    ['jsmith@oak.sch.uk', 'no-match'],
    ['x21@oak.sch.uk', 'no-match'],
    ['not-an-email', 'no-match'],
  ])('refuses to derive from %j (%s)', (email, reason) => {
    expect(deriveYearGroup(email, secondary, date('2026-11-23'))).toMatchObject({ ok: false, reason });
  });

  it('reports an intake group that is not a year, and a broken pattern', () => {
    expect(deriveYearGroup('abc@x', { pattern: '^(?<intake>[a-z]+)@', intakeYearGroup: 'Y7' }, date('2026-11-23'))).toMatchObject({ ok: false, reason: 'no-match' });
    expect(deriveYearGroup('21a@x', { pattern: '(?<intake>[', intakeYearGroup: 'Y7' }, date('2026-11-23'))).toMatchObject({ ok: false, reason: 'bad-pattern' });
  });
});

describe('key stages', () => {
  it('maps every year group', () => {
    expect(YEAR_GROUPS.map(keyStageOf)).toEqual([
      'EYFS', 'KS1', 'KS1', 'KS2', 'KS2', 'KS2', 'KS2', 'KS3', 'KS3', 'KS3', 'KS4', 'KS4', 'KS5', 'KS5',
    ]);
  });
});
