import { describe, expect, it } from 'vitest';
import { REPORT_REASONS } from '../../src/reports/model';
import { mayScreenshot, pictureRefusal, screenshotRefusal } from '../../src/reports/screenshot-rule';
import { CATEGORY_IDS } from '../../src/shared/categories';

const allowed = { reportScreenshots: true };
const forbidden = { reportScreenshots: false };

describe('mayScreenshot(policy, category, reason)', () => {
  it('needs the policy to allow it: off by default, and off when there is no profile', () => {
    expect(screenshotRefusal(forbidden, null, 'unkind-to-me')).toBe('policy');
    expect(screenshotRefusal(null, null, 'unkind-to-me')).toBe('policy');
    expect(mayScreenshot(allowed, null, 'unkind-to-me')).toBe(true);
  });

  it('never photographs an illegal or adult match, whatever the reason', () => {
    for (const reason of [...REPORT_REASONS, null]) {
      expect(screenshotRefusal(allowed, 'illegal', reason), String(reason)).toBe('category');
      expect(screenshotRefusal(allowed, 'adult', reason), String(reason)).toBe('category');
    }
  });

  it('never photographs before the reason is known: the one-click send carries no picture', () => {
    expect(screenshotRefusal(allowed, null, null)).toBe('no-reason-yet');
    expect(screenshotRefusal(allowed, 'social', null)).toBe('no-reason-yet');
  });

  it('never photographs for a reason that could point at sexual images', () => {
    for (const reason of ['rude-or-unsuitable', 'upset', 'stranger-contact', 'something-else', 'under-blocking', 'safeguarding-concern'] as const) {
      expect(screenshotRefusal(allowed, null, reason), reason).toBe('reason');
      expect(screenshotRefusal(allowed, 'social', reason), reason).toBe('reason');
    }
  });

  it('allows bullying evidence and filtering mistakes on other categories, the admin list and unlisted pages', () => {
    for (const reason of ['unkind-to-me', 'should-not-be-blocked', 'over-blocking'] as const) {
      for (const category of [null, 'school', 'social', 'gambling', 'self-harm'] as const) {
        expect(mayScreenshot(allowed, category, reason), `${reason} on ${category}`).toBe(true);
      }
    }
  });

  it('is exactly: policy on, not illegal/adult, and a known reason on the allowlist (every combination)', () => {
    const safe = new Set(['unkind-to-me', 'should-not-be-blocked', 'over-blocking']);
    for (const policy of [allowed, forbidden]) {
      for (const category of [...CATEGORY_IDS, 'school' as const, null]) {
        for (const reason of [...REPORT_REASONS, null]) {
          const expected = policy.reportScreenshots && category !== 'illegal' && category !== 'adult' && reason !== null && safe.has(reason);
          expect(mayScreenshot(policy, category, reason), `${policy.reportScreenshots} ${category} ${reason}`).toBe(expected);
        }
      }
    }
  });
});

describe('pictureRefusal(category, reason): the part of the rule the endpoint applies', () => {
  it('is the extension rule with the policy allowing pictures (every combination)', () => {
    for (const category of [...CATEGORY_IDS, 'school' as const, null]) {
      for (const reason of [...REPORT_REASONS, null]) {
        expect(pictureRefusal(category, reason), `${category} ${reason}`).toBe(screenshotRefusal(allowed, category, reason));
      }
    }
  });

  it('refuses the four cases a modified client might send', () => {
    expect(pictureRefusal('adult', 'unkind-to-me')).toBe('category');
    expect(pictureRefusal('illegal', 'should-not-be-blocked')).toBe('category');
    expect(pictureRefusal(null, null)).toBe('no-reason-yet');
    expect(pictureRefusal(null, 'stranger-contact')).toBe('reason');
    expect(pictureRefusal(null, 'unkind-to-me')).toBeNull();
  });
});
