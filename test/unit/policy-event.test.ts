import { describe, expect, it } from 'vitest';
import { eventSchema } from '../../src/events/model';
import { policyEvent, policyOutcomeHash } from '../../src/events/policy-event';
import { stableJson } from '../../src/shared/stable-json';

const context = {
  email: 'pupil@oak.sch.uk',
  device: { directoryId: 'dir-1', serialNumber: 'SN1', assetId: 'A1', location: 'Room 4' },
  profile: { role: 'pupil' as const, yearGroup: 'Y7' as const },
  extensionVersion: '0.1.0',
  now: new Date('2026-11-23T09:00:00Z'),
  newId: () => '6f1c1c9e-6f0b-4b8e-9a36-0c1f3a6b2d11',
};

describe('policy events', () => {
  it('is an error event carrying every problem when the policy was repaired', async () => {
    const problems = [{ path: 'role', message: 'bad', severity: 'error' as const }];
    const event = policyEvent(context, await policyOutcomeHash({}, problems), problems, true);
    expect(eventSchema.parse(event)).toEqual(event);
    expect(event).toMatchObject({ type: 'policy', status: 'error', strictest: true, user: 'pupil@oak.sch.uk', yearGroup: 'Y7' });
    expect(event.device).toEqual({ directoryId: 'dir-1', serialNumber: 'SN1', assetId: 'A1' });
  });

  it('is an applied event when only warnings (or nothing) were found', async () => {
    const warnings = [{ path: 'colour', message: 'unknown', severity: 'warning' as const }];
    expect(policyEvent(context, await policyOutcomeHash({}, warnings), warnings, false).status).toBe('applied');
  });

  it('hashes equal policies equally whatever the key order, and different ones differently', async () => {
    expect(stableJson({ b: 1, a: { d: 2, c: 3 } })).toBe(stableJson({ a: { c: 3, d: 2 }, b: 1 }));
    const a = await policyOutcomeHash({ role: 'pupil', yearGroup: 'Y7' }, []);
    expect(await policyOutcomeHash({ yearGroup: 'Y7', role: 'pupil' }, [])).toBe(a);
    expect(await policyOutcomeHash({ role: 'pupil', yearGroup: 'Y8' }, [])).not.toBe(a);
  });
});
