import { describe, expect, it } from 'vitest';
import { capLessonMinutes, defaultLessonPreset, lessonPresets } from '../../src/overrides/lesson-duration';
import { AUDIENCE_REQUIRED, buildLessonRequest, lessonFormIssues, REASON_REQUIRED } from '../../src/overrides/lesson-request';
import { LESSON_PRESET_MINUTES } from '../../src/overrides/model';

const ID = '5f0c6c1e-8d1b-4a55-9a36-0c1f0d3b8e21';
const NOW = new Date('2026-11-23T09:10:00.000Z');
const context = { id: ID, teacher: 'Teacher@School.Example', now: NOW, maxMinutes: 120 };
const audience = { yearGroups: ['Y8' as const], classes: [], pupils: [] };
const form = { domains: ['https://www.geogebra.org/classic', ''], audience, minutes: 50, reason: '  Graphing lesson ' };

describe('lessonPresets', () => {
  it('offers the presets within the maximum', () => {
    expect(lessonPresets(120)).toEqual([...LESSON_PRESET_MINUTES]);
    expect(lessonPresets(100)).toEqual([30, 50, 60, 100]);
    expect(lessonPresets(480)).toEqual([30, 50, 60, 100]);
  });

  it('adds the maximum itself when it falls between presets or below them all', () => {
    expect(lessonPresets(45)).toEqual([30, 45]);
    expect(lessonPresets(60)).toEqual([30, 50, 60]);
    expect(lessonPresets(20)).toEqual([20]);
    expect(lessonPresets(5)).toEqual([5]);
  });
});

describe('defaultLessonPreset', () => {
  it('starts on the preset nearest a typical lesson', () => {
    expect(defaultLessonPreset([30, 50, 60, 100])).toBe(50);
    expect(defaultLessonPreset([30, 45])).toBe(45);
    expect(defaultLessonPreset([20])).toBe(20);
    expect(defaultLessonPreset([])).toBe(50);
  });
});

describe('capLessonMinutes', () => {
  it('never goes past the maximum or under a minute', () => {
    expect(capLessonMinutes(100, 45)).toBe(45);
    expect(capLessonMinutes(50, 120)).toBe(50);
    expect(capLessonMinutes(0, 120)).toBe(1);
  });
});

describe('lessonFormIssues', () => {
  it('asks for a reason of three characters or more, not counting spaces', () => {
    expect(lessonFormIssues({ ...form, reason: '  ab  ' })).toEqual([{ path: 'reason', message: REASON_REQUIRED }]);
    expect(lessonFormIssues({ ...form, reason: '' })).toEqual([{ path: 'reason', message: REASON_REQUIRED }]);
    expect(lessonFormIssues({ ...form, reason: 'abc' })).toEqual([]);
  });

  it('asks who it is for, and lists every problem at once', () => {
    const issues = lessonFormIssues({ domains: ['not a site'], audience: { yearGroups: [], classes: [], pupils: [] }, reason: '' });
    expect(issues.map((issue) => issue.path)).toEqual(['domains.0', 'audience', 'reason']);
    expect(issues[1]!.message).toBe(AUDIENCE_REQUIRED);
  });
});

describe('buildLessonRequest', () => {
  it('builds what the endpoint stores: the teacher, normalised domains, starting now for the chosen minutes', () => {
    expect(buildLessonRequest(form, context)).toEqual({
      ok: true,
      request: {
        id: ID,
        createdBy: 'teacher@school.example',
        domains: ['geogebra.org'],
        audience,
        reason: 'Graphing lesson',
        startsAt: '2026-11-23T09:10:00.000Z',
        endsAt: '2026-11-23T10:00:00.000Z',
      },
      rows: [0],
    });
  });

  it('caps the length at the policy maximum', () => {
    const result = buildLessonRequest({ ...form, minutes: 100 }, { ...context, maxMinutes: 45 });
    expect(result.ok && result.request.endsAt).toBe('2026-11-23T09:55:00.000Z');
  });

  it('refuses what the form would refuse', () => {
    expect(buildLessonRequest({ ...form, reason: 'no' }, context)).toEqual({ ok: false, issues: [{ path: 'reason', message: REASON_REQUIRED }] });
  });

  it('refuses what the shared schema refuses, with its path', () => {
    const result = buildLessonRequest(form, { ...context, teacher: '' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((issue) => issue.path)).toEqual(['createdBy']);
  });
});
