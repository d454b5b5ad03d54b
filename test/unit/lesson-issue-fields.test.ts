import { describe, expect, it } from 'vitest';
import { fieldIssues } from '../../src/pages/popup/lesson/issue-fields';

describe('fieldIssues', () => {
  it('puts each refusal beside its field, and the rest with the outcome', () => {
    const fields = fieldIssues([
      { path: 'domains.2', message: 'bad row' },
      { path: 'domains.2', message: 'locked' },
      { path: 'domains', message: 'add one' },
      { path: 'audience', message: 'who?' },
      { path: 'audience.pupils.0', message: 'not an email' },
      { path: 'endsAt', message: 'too long' },
      { path: 'reason', message: 'why?' },
      { path: 'createdBy', message: 'no account' },
    ]);
    expect(fields.domainRow(2)).toEqual(['bad row', 'locked']);
    expect(fields.domainRow(0)).toEqual([]);
    expect(fields).toMatchObject({ domains: ['add one'], audience: ['who?'], pupils: ['not an email'], duration: ['too long'], reason: ['why?'], other: ['no account'] });
  });
});
