import { describe, expect, it } from 'vitest';
import { DEFAULT_ACTIONS, HARMFUL_CATEGORIES } from '../../src/policy/defaults';
import { resolveProfile } from '../../src/policy/profile';
import { repairPolicy } from '../../src/policy/repair';
import { CATEGORY_IDS } from '../../src/shared/categories';

const now = new Date('2026-11-23T10:00:00');
const resolve = (raw: unknown, email = '') => {
  const repaired = repairPolicy(raw);
  return resolveProfile(repaired.policy, repaired.problems, { email }, now);
};

describe('resolveProfile', () => {
  it('applies key-stage defaults: primary blocks social, AI and games; secondary warns social and AI', () => {
    const y4 = resolve({ role: 'pupil', yearGroup: 'Y4' }).profile;
    expect([y4.actions.social, y4.actions.ai, y4.actions.games]).toEqual(['block', 'block', 'block']);
    const y9 = resolve({ role: 'pupil', yearGroup: 'Y9' }).profile;
    expect([y9.actions.social, y9.actions.ai]).toEqual(['warn', 'warn']);
    expect(y9.keyStage).toBe('KS3');
  });

  it('blocks only harmful categories for staff', () => {
    const { profile, problems } = resolve({ role: 'staff' });
    expect(problems).toEqual([]);
    const blocked = CATEGORY_IDS.filter((id) => profile.actions[id] === 'block');
    expect(blocked).toEqual([...HARMFUL_CATEGORIES].sort((a, b) => CATEGORY_IDS.indexOf(a) - CATEGORY_IDS.indexOf(b)));
    expect(profile.actions.social).toBe('allow');
  });

  it('layers key stage, then year group, over the defaults', () => {
    const { profile } = resolve({ role: 'pupil', yearGroup: 'Y9', categoryActions: { KS3: { games: 'warn', social: 'block' }, Y9: { social: 'allow' } } });
    expect(profile.actions.games).toBe('warn');
    expect(profile.actions.social).toBe('allow');
    expect(profile.actions.ai).toBe(DEFAULT_ACTIONS.KS3.ai);
  });

  it('never lets a policy unblock illegal', () => {
    const { profile } = resolve({ role: 'staff', categoryActions: { staff: { illegal: 'allow' } }, lockedCategories: [] });
    expect(profile.actions.illegal).toBe('block');
    expect(profile.lockedCategories).toEqual(['illegal']);
  });

  it('locks illegal, adult and malware by default', () => {
    expect(resolve({ role: 'staff' }).profile.lockedCategories).toEqual(['illegal', 'adult', 'malware']);
  });

  it.each([
    ['missing policy', {}],
    ['invalid role and no year group', { role: 'admin' }],
    ['invalid year group', { role: 'pupil', yearGroup: 'Y14' }],
    ['invalid year group with a derivation rule', { yearGroup: 'Year 9', yearGroupFromEmail: { pattern: '^(?<intake>\\d{2})', intakeYearGroup: 'Y7' } }],
  ])('falls back to the strictest pupil profile: %s', (_name, raw) => {
    const { profile, problems } = resolve(raw, '22abc@oak.sch.uk');
    expect(profile.role).toBe('pupil');
    expect(profile.strictest).toBe(true);
    expect(CATEGORY_IDS.every((id) => profile.actions[id] === 'block')).toBe(true);
    // The strictest profile takes the primary defaults, YouTube blocked included.
    expect(profile.safeSearch.youtube).toBe('block');
    expect(problems.some((p) => p.severity === 'error')).toBe(true);
  });

  it('derives the year group from the email when the OU is not split by year', () => {
    const { profile, problems } = resolve({ role: 'pupil', yearGroupFromEmail: { pattern: '^(?<intake>\\d{2})', intakeYearGroup: 'Y7' } }, '24abc@oak.sch.uk');
    expect(problems).toEqual([]);
    expect(profile.yearGroup).toBe('Y9');
    expect(profile.yearGroupSource).toBe('email');
  });

  it('gives the strictest profile, with the reason, when the email does not derive', () => {
    const { profile, problems } = resolve({ role: 'pupil', yearGroupFromEmail: { pattern: '^(?<intake>\\d{2})', intakeYearGroup: 'Y7' } }, '15old@oak.sch.uk');
    expect(profile.strictest).toBe(true);
    expect(problems).toEqual([expect.objectContaining({ path: 'yearGroupFromEmail', message: expect.stringContaining('left Year 13') })]);
  });

  // The seed policies: the primary school's "Use of video broadcasting e.g. Youtube: N"; the
  // secondary academy does not forbid it, and secondary pupils use it in Restricted Mode.
  it.each([
    [{ role: 'pupil', yearGroup: 'R' }, 'block'],
    [{ role: 'pupil', yearGroup: 'Y6' }, 'block'],
    [{ role: 'pupil', yearGroup: 'Y7' }, 'moderate'],
    [{ role: 'pupil', yearGroup: 'Y13' }, 'moderate'],
    [{ role: 'staff' }, 'off'],
    [{ role: 'pupil', yearGroup: 'Y3', safeSearch: { youtube: 'strict' } }, 'strict'],
  ])('decides YouTube by policy: %o gets %s', (raw, expected) => {
    expect(resolve(raw).profile.safeSearch.youtube).toBe(expected);
  });

  it('fills safe defaults: domain-level logging, no screenshots, safe search on', () => {
    const { profile } = resolve({ role: 'pupil', yearGroup: 'Y10' });
    expect(profile.logging).toEqual({ detail: 'domain', uploadIntervalMinutes: 5, maxQueueEvents: 50_000, maxQueueBytes: 25 * 1024 * 1024 });
    expect(profile.reportScreenshots).toBe(false);
    expect(profile.safeSearch).toEqual({ google: true, bing: true, duckduckgo: true, youtube: 'moderate' });
  });
});
