import { describe, expect, it } from 'vitest';
import { parsePupilList, pupilListProblem } from '../../src/overrides/lesson-pupils';
import { audienceSummary } from '../../src/overrides/lesson-summary';
import { clockTime, endTime, timeLeftText } from '../../src/overrides/lesson-time';

describe('parsePupilList', () => {
  it('reads emails separated by commas, semicolons, spaces or lines, lowercased, once each', () => {
    expect(parsePupilList('A.Pupil@School.Example, b.pupil@school.example;\n<c@school.example>  a.pupil@school.example\n')).toEqual({
      pupils: ['a.pupil@school.example', 'b.pupil@school.example', 'c@school.example'],
      invalid: [],
      tooMany: false,
    });
    expect(parsePupilList('   ')).toEqual({ pupils: [], invalid: [], tooMany: false });
  });

  it('names what is not an address', () => {
    const list = parsePupilList('jo@school.example, Sam, x@');
    expect(list.invalid).toEqual(['Sam', 'x@']);
    expect(pupilListProblem(list)).toBe("Not an email address: Sam, x@. Use pupils' school emails.");
    expect(pupilListProblem(parsePupilList('jo@school.example'))).toBeNull();
  });

  it('says when there are too many to name', () => {
    const list = parsePupilList(Array.from({ length: 201 }, (_, i) => `p${i}@school.example`).join('\n'));
    expect(list.tooMany).toBe(true);
    expect(pupilListProblem(list)).toContain('At most 200');
  });
});

describe('timeLeftText', () => {
  const now = new Date('2026-11-23T09:00:00.000Z');
  it('counts whole minutes up, and hours past the hour', () => {
    expect(timeLeftText('2026-11-23T09:42:00.000Z', now)).toBe('42 min left');
    expect(timeLeftText('2026-11-23T09:41:01.000Z', now)).toBe('42 min left');
    expect(timeLeftText('2026-11-23T10:05:00.000Z', now)).toBe('1 h 5 min left');
    expect(timeLeftText('2026-11-23T11:00:00.000Z', now)).toBe('2 h left');
    expect(timeLeftText('2026-11-23T09:00:30.000Z', now)).toBe('less than a minute left');
    expect(timeLeftText('2026-11-23T09:00:00.000Z', now)).toBe('over');
    expect(timeLeftText('garbage', now)).toBe('over');
  });

  it('gives the end as a 24-hour clock time', () => {
    const end = endTime(new Date(2026, 10, 23, 13, 45), 50);
    expect(clockTime(end)).toBe('14:35');
  });
});

describe('audienceSummary', () => {
  it('puts year groups, classes and pupils on one line', () => {
    expect(audienceSummary({ yearGroups: ['Y7', 'Y8'], classes: ['7B'], pupils: ['a@s.example', 'b@s.example'] })).toBe('Y7, Y8 · class 7B · 2 named pupils');
    expect(audienceSummary({ yearGroups: [], classes: ['7B', '8C'], pupils: ['a@s.example'] })).toBe('classes 7B, 8C · a@s.example');
  });
});
