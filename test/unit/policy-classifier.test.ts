/** The policy's `classifier` setting (issue 20): safe defaults per role, capped by the profile, repaired closed. */
import { describe, expect, it } from 'vitest';
import { resolveProfile } from '../../src/policy/profile';
import { repairPolicy } from '../../src/policy/repair';

const now = new Date('2026-11-23T10:00:00');
const resolve = (raw: unknown) => {
  const repaired = repairPolicy(raw);
  return resolveProfile(repaired.policy, repaired.problems, { email: '' }, now);
};

describe('what the classifier may do for a profile', () => {
  it('pupils by default: stop what looks like adult, gambling or a proxy, warn on AI where AI is warned', () => {
    // Year 9 warns on AI (KS3 default), so the classifier warns there too.
    expect(resolve({ role: 'pupil', yearGroup: 'Y9' }).profile.classifier).toEqual({ adult: 'block', gambling: 'block', proxy: 'block', ai: 'warn' });
    // Year 4 blocks AI, but the classifier's default for it is only a warning.
    expect(resolve({ role: 'pupil', yearGroup: 'Y4' }).profile.classifier.ai).toBe('warn');
  });

  it('staff: nothing by default, only what the policy asks', () => {
    expect(resolve({ role: 'staff' }).profile.classifier).toEqual({ adult: 'off', gambling: 'off', proxy: 'off', ai: 'off' });
    expect(resolve({ role: 'staff', classifier: { adult: 'block' } }).profile.classifier).toEqual({ adult: 'block', gambling: 'off', proxy: 'off', ai: 'off' });
  });

  it('never acts beyond the profile: off where it allows, a warning where it warns', () => {
    const { profile } = resolve({
      role: 'pupil',
      yearGroup: 'Y12',
      categoryActions: { Y12: { gambling: 'allow' } },
      classifier: { gambling: 'block', proxy: 'warn', ai: 'block' },
    });
    // Year 12 warns on AI by default: the asked block becomes a warning. A warn asked where the profile blocks stays a warn.
    expect(profile.classifier).toEqual({ adult: 'block', gambling: 'off', proxy: 'warn', ai: 'warn' });
    // Staff allow AI by default: asking the classifier to block it does nothing.
    expect(resolve({ role: 'staff', classifier: { ai: 'block' } }).profile.classifier.ai).toBe('off');
  });

  it('a mistyped value never opens the filter: it blocks (still capped by the profile) and is reported', () => {
    const { profile, problems } = resolve({ role: 'pupil', yearGroup: 'Y9', classifier: { adult: 'of', ai: 'stop', proxy: 'off' } });
    expect(profile.classifier).toEqual({ adult: 'block', gambling: 'block', proxy: 'off', ai: 'warn' });
    expect(problems.map((p) => p.path)).toEqual(expect.arrayContaining(['classifier.adult', 'classifier.ai']));
    // Not an object at all: the defaults.
    const whole = resolve({ role: 'pupil', yearGroup: 'Y9', classifier: 'off' });
    expect(whole.profile.classifier).toEqual({ adult: 'block', gambling: 'block', proxy: 'block', ai: 'warn' });
    expect(whole.problems.map((p) => p.path)).toContain('classifier');
  });
});
