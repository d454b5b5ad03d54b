import { describe, expect, it } from 'vitest';
import type { Audience } from '../../src/filter/catalogue';
import { REPORT_REASONS } from '../../src/reports/model';
import { PUPIL_REASONS, reasonLabel, reasonsFor, STAFF_REASONS, stopPageReason } from '../../src/reports/reasons';
import { fitsScreenshotCap, SCREENSHOT_ATTEMPTS, scaledSize } from '../../src/reports/screenshot-size';
import { MAX_SCREENSHOT_BASE64_CHARS } from '../../src/reports/model';
import { CHILDLINE, deliveryWording, followUpClosedWording, helpWording, introWording, urgentWording } from '../../src/reports/wording';

const AUDIENCES: Audience[] = ['primary', 'secondary', 'adult'];

describe('reason chips', () => {
  it('pupils get the six reasons the issue names; staff get under-blocking, over-blocking and safeguarding', () => {
    expect(reasonsFor('primary')).toEqual(['upset', 'rude-or-unsuitable', 'unkind-to-me', 'stranger-contact', 'should-not-be-blocked', 'something-else']);
    expect(reasonsFor('secondary')).toEqual(PUPIL_REASONS);
    expect(reasonsFor('adult')).toEqual(['under-blocking', 'over-blocking', 'safeguarding-concern', 'something-else']);
    expect(reasonsFor('adult')).toEqual(STAFF_REASONS);
  });

  it('every reason the endpoint knows has a label for every reader, and each list is labelled without repeats', () => {
    for (const reason of REPORT_REASONS) for (const audience of AUDIENCES) expect(reasonLabel(reason, audience).length).toBeGreaterThan(3);
    for (const audience of AUDIENCES) {
      const labels = reasonsFor(audience).map((reason) => reasonLabel(reason, audience));
      expect(new Set(labels).size).toBe(labels.length);
    }
    expect(reasonLabel('rude-or-unsuitable', 'secondary')).toBe("It's rude or unsuitable");
    expect(reasonLabel('under-blocking', 'adult')).toContain('under-blocking');
  });

  it('"I think this is wrong" on a block page is the reader\'s own over-blocking reason', () => {
    expect(stopPageReason('primary')).toBe('should-not-be-blocked');
    expect(stopPageReason('secondary')).toBe('should-not-be-blocked');
    expect(stopPageReason('adult')).toBe('over-blocking');
  });
});

describe('what the reader is told', () => {
  it('says sent, or saved until back online, in the issue\'s words for pupils', () => {
    for (const audience of ['primary', 'secondary'] as const) {
      expect(deliveryWording('sent', audience).headline).toBe('Sent to your school. Thank you, you did the right thing.');
      expect(deliveryWording('saved', audience).headline).toBe("Saved. It will be sent when you're back online.");
      expect(deliveryWording('failed', audience).detail).toMatch(/tell a (grown-up|teacher)/);
    }
    expect(deliveryWording('sent', 'primary').detail).not.toBe(deliveryWording('sent', 'secondary').detail);
    expect(deliveryWording('sent', 'adult').headline).toBe('Report sent');
    expect(deliveryWording('failed', 'adult').detail).toContain('DSL');
  });

  it('says plainly when what was added did not reach the report (staff had started on it), and how to say more', () => {
    expect(followUpClosedWording('primary')).toContain('not added');
    expect(followUpClosedWording('primary')).toContain('send a new report or tell a grown-up');
    expect(followUpClosedWording('secondary')).toContain('send a new report or talk to a teacher');
    expect(followUpClosedWording('adult')).toBe('Not added: staff had already started on this report. Send a new report, or tell the DSL directly.');
  });

  it('tells every pupil where to get help (Childline), in simpler words for primary', () => {
    expect(helpWording('primary')).toContain(CHILDLINE.phone);
    expect(helpWording('secondary')).toContain(CHILDLINE.phone);
    expect(helpWording('secondary')).toContain(CHILDLINE.site);
    expect(helpWording('primary')).toContain('grown-up');
    expect(helpWording('adult')).toContain('Designated Safeguarding Lead');
    for (const audience of AUDIENCES) expect(introWording(audience).length).toBeGreaterThan(10);
    expect(urgentWording('secondary')).toContain('safeguarding lead');
  });
});

describe('screenshot size', () => {
  it('tries smaller and lower quality in turn, never upscaling', () => {
    for (let i = 1; i < SCREENSHOT_ATTEMPTS.length; i++) {
      const [before, after] = [SCREENSHOT_ATTEMPTS[i - 1]!, SCREENSHOT_ATTEMPTS[i]!];
      expect(after.scale * after.quality).toBeLessThan(before.scale * before.quality);
      expect(after.scale).toBeLessThanOrEqual(before.scale);
    }
    expect(SCREENSHOT_ATTEMPTS[0]!.scale).toBe(1);
  });

  it('fits the endpoint cap exactly, and never scales to nothing', () => {
    expect(fitsScreenshotCap('A'.repeat(MAX_SCREENSHOT_BASE64_CHARS))).toBe(true);
    expect(fitsScreenshotCap('A'.repeat(MAX_SCREENSHOT_BASE64_CHARS + 1))).toBe(false);
    expect(scaledSize(1366, 768, 0.5)).toEqual({ width: 683, height: 384 });
    expect(scaledSize(1, 1, 0.25)).toEqual({ width: 1, height: 1 });
  });
});
