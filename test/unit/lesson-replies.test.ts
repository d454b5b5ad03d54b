import { describe, expect, it } from 'vitest';
import { createReplyOf, endReplyOf, isWorthRetrying, issuesForRows, loadFailure } from '../../src/overrides/lesson-replies';
import type { Override } from '../../src/overrides/model';

const override: Override = {
  id: '5f0c6c1e-8d1b-4a55-9a36-0c1f0d3b8e21',
  createdBy: 'teacher@school.example',
  domains: ['geogebra.org'],
  audience: { yearGroups: ['Y8'], classes: [], pupils: [] },
  reason: 'Graphing lesson',
  startsAt: '2026-11-23T09:10:00.000Z',
  endsAt: '2026-11-23T10:00:00.000Z',
  endedAt: null,
  endedBy: null,
};

describe('createReplyOf', () => {
  it('hands back the stored allowlist on 201 and 200 (the same id again)', () => {
    expect(createReplyOf({ status: 201, body: override })).toEqual({ ok: true, override });
    expect(createReplyOf({ status: 200, body: override })).toEqual({ ok: true, override });
  });

  it('says when a success body is not an allowlist', () => {
    expect(createReplyOf({ status: 201, body: { hello: 1 } })).toMatchObject({ ok: false, error: expect.stringContaining('does not understand'), issues: [] });
  });

  it("passes the school's refusal on with its issues", () => {
    const body = { error: 'the school does not allow this allowlist', issues: [{ path: 'domains.0', message: 'geogebra.org is on the school’s locked list (geogebra.org)' }] };
    expect(createReplyOf({ status: 422, body })).toEqual({ ok: false, error: 'The school does not allow this, so nothing was opened.', issues: body.issues });
  });

  it('explains a token without the staff scope, an unknown token, an outage and no answer', () => {
    expect(createReplyOf({ status: 403, body: { error: 'a device token may not overrides write' } })).toMatchObject({ ok: false, error: expect.stringContaining('not a staff token'), issues: [] });
    expect(createReplyOf({ status: 401, body: { error: 'unknown token' } })).toMatchObject({ error: expect.stringContaining('did not recognise') });
    expect(createReplyOf({ status: 503, body: null })).toMatchObject({ error: expect.stringContaining('Try again in a minute') });
    expect(createReplyOf({ status: null, error: 'TypeError: Failed to fetch' })).toMatchObject({ error: expect.stringContaining('Could not reach') });
    expect(createReplyOf({ status: 400, body: { error: 'invalid allowlist', issues: [{ path: 'reason', message: 'too short' }] } })).toMatchObject({
      error: expect.stringContaining('invalid allowlist'),
      issues: [{ path: 'reason', message: 'too short' }],
    });
  });
});

describe("the endpoint's write limit (429)", () => {
  const limited = { error: "too many allowlist changes: this account's limit is 30 allowlist changes per 5 minutes; try again after 2026-11-23T09:15:00.000Z (in 4 minutes); nothing was changed: try again then" };
  it("says which limit in the endpoint's words and when to try again, from Retry-After", () => {
    expect(createReplyOf({ status: 429, body: limited, retryAfterMs: 240_000 })).toEqual({
      ok: false,
      error: `The school's endpoint is limiting allowlist changes (${limited.error}), so nothing was opened. Try again in 4 minutes.`,
      issues: [],
    });
    expect(endReplyOf({ status: 429, body: limited, retryAfterMs: 12_000 })).toEqual({
      ok: false,
      error: `The school's endpoint is limiting allowlist changes (${limited.error}), so it is still open. Try again in 12 seconds.`,
    });
  });
  it('falls back to a minute when there is no Retry-After', () => {
    expect(createReplyOf({ status: 429, body: null })).toMatchObject({ error: "The school's endpoint is limiting allowlist changes, so nothing was opened. Try again in a minute." });
  });
});

describe('endReplyOf', () => {
  it('hands back the ended allowlist, or says why it is still open', () => {
    const ended = { ...override, endedAt: '2026-11-23T09:20:00.000Z', endedBy: 'teacher@school.example' };
    expect(endReplyOf({ status: 200, body: ended })).toEqual({ ok: true, override: ended });
    expect(endReplyOf({ status: 404, body: { error: 'no allowlist with that id' } })).toMatchObject({ ok: false, error: expect.stringContaining('no such allowlist') });
    expect(endReplyOf({ status: null, error: 'timeout' })).toMatchObject({ ok: false, error: expect.stringContaining('it is still open') });
  });
});

describe('isWorthRetrying', () => {
  it('retries no answer, timeouts, rate limits and server errors only', () => {
    expect([null, 408, 429, 500, 503].map((status) => isWorthRetrying(status === null ? { status, error: '' } : { status, body: null }))).toEqual([true, true, true, true, true]);
    expect([200, 201, 400, 401, 403, 404, 422].map((status) => isWorthRetrying({ status, body: null }))).toEqual([false, false, false, false, false, false, false]);
  });
});

describe('issuesForRows', () => {
  it("moves the endpoint's domain indexes to the rows the teacher typed them in", () => {
    const issues = [
      { path: 'domains.1', message: 'b' },
      { path: 'endsAt', message: 'too long' },
      { path: 'domains.7', message: 'unknown' },
    ];
    expect(issuesForRows(issues, [0, 3])).toEqual([
      { path: 'domains.3', message: 'b' },
      { path: 'endsAt', message: 'too long' },
      { path: 'domains.7', message: 'unknown' },
    ]);
  });
});

describe('loadFailure', () => {
  it('ends a sentence about a list that could not be loaded', () => {
    expect(loadFailure({ status: null, error: 'timeout' })).toBe("the school's endpoint could not be reached");
    expect(loadFailure({ status: 403, body: null })).toBe("this device's endpoint token is not a staff token");
    expect(loadFailure({ status: 404, body: null })).toBe("the school's endpoint answered HTTP 404");
    expect(loadFailure({ status: 401, body: { error: 'no identity proof', problem: 'missing' } })).toBe(
      "your school account could not be confirmed: this device could not get a proof of your account from the school's sign-in service (no identity proof)",
    );
    expect(loadFailure({ status: 200, body: 'nonsense' })).toContain('does not understand');
  });
});
