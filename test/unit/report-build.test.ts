import { describe, expect, it } from 'vitest';
import { buildReport, reportEventPayload, withFollowUp } from '../../src/reports/build';
import { eventSchema } from '../../src/events/model';
import { followUpSecretSchema, isUrgent, reportSchema } from '../../src/reports/model';
import { isWebPage, MAX_TITLE_CHARS, MAX_URL_CHARS, targetOfPage } from '../../src/reports/page-target';
import { TEST_ENVELOPE, TEST_EXTENSION_ID } from './fixtures/envelope';

const ext = TEST_EXTENSION_ID;
const base = TEST_ENVELOPE;

describe('targetOfPage: what a report is about', () => {
  it('a web page: its address and title, no category yet', () => {
    expect(targetOfPage('https://chat.example/room/4', 'Room 4', ext)).toEqual({ url: 'https://chat.example/room/4', title: 'Room 4', category: null, stopPage: null });
  });

  it('our block page: the stopped address from the fragment and the category from the query, never our own page', () => {
    const target = targetOfPage(`chrome-extension://${ext}/src/pages/blocked.html?category=gambling#https://www.bet365.com/odds?x=1#frag`, 'This page is blocked', ext);
    expect(target).toEqual({ url: 'https://www.bet365.com/odds?x=1#frag', title: '', category: 'gambling', stopPage: 'blocked' });
  });

  it('our warn page and the admin block list', () => {
    expect(targetOfPage(`chrome-extension://${ext}/src/pages/warn.html?category=social#https://www.tiktok.com/@a`, 'x', ext)).toMatchObject({ url: 'https://www.tiktok.com/@a', category: 'social', stopPage: 'warn' });
    expect(targetOfPage(`chrome-extension://${ext}/src/pages/blocked.html?category=school#https://en.wikipedia.org/`, 'x', ext)).toMatchObject({ category: 'school', stopPage: 'blocked' });
  });

  it('an illegal stop names nothing: no address, no title', () => {
    expect(targetOfPage(`chrome-extension://${ext}/src/pages/blocked.html?category=illegal#https://bad.example/x`, 'x', ext)).toEqual({ url: '', title: '', category: 'illegal', stopPage: 'blocked' });
  });

  it('a forged reason on our page is no category', () => {
    expect(targetOfPage(`chrome-extension://${ext}/src/pages/blocked.html?category=nonsense#https://a.example/`, '', ext).category).toBeNull();
  });

  it('our other pages (popup, status) report no address; browser pages keep theirs; nothing is refused', () => {
    expect(targetOfPage(`chrome-extension://${ext}/src/pages/status.html`, 'School Filter status', ext)).toEqual({ url: '', title: '', category: null, stopPage: null });
    expect(targetOfPage('chrome://newtab/', 'New Tab', ext)).toMatchObject({ url: 'chrome://newtab/', stopPage: null });
    expect(targetOfPage(undefined, undefined, ext)).toEqual({ url: '', title: '', category: null, stopPage: null });
    expect(isWebPage('chrome://newtab/')).toBe(false);
    expect(isWebPage('https://a.example/')).toBe(true);
  });

  it('caps the address and title at what the endpoint accepts', () => {
    const target = targetOfPage(`https://a.example/${'x'.repeat(10_000)}`, 't'.repeat(2_000), ext);
    expect(target.url).toHaveLength(MAX_URL_CHARS);
    expect(target.title).toHaveLength(MAX_TITLE_CHARS);
    expect(reportSchema.safeParse(buildReport(base, target, null)).success).toBe(true);
  });
});

describe('buildReport', () => {
  it('is a valid report with the envelope, no reason, no comment and no picture after one click', () => {
    const report = buildReport(base, targetOfPage('https://a.example/', 'A', ext), null);
    expect(reportSchema.parse(report)).toEqual({
      ...base,
      url: 'https://a.example/',
      title: 'A',
      category: null,
      reason: null,
      comment: null,
      urgent: false,
      screenshot: null,
      followUpSecret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
  });

  it('gives every report its own follow-up secret (256 random bits)', () => {
    const target = targetOfPage('https://a.example/', 'A', ext);
    const secrets = new Set(Array.from({ length: 50 }, () => buildReport(base, target, null).followUpSecret));
    expect(secrets.size).toBe(50);
    for (const secret of secrets) expect(followUpSecretSchema.parse(secret)).toHaveLength(43);
  });

  it('flags contact, bullying, upset and self-harm as urgent for the DSL, not filtering mistakes', () => {
    const web = targetOfPage('https://a.example/', 'A', ext);
    expect(buildReport(base, web, 'stranger-contact').urgent).toBe(true);
    expect(buildReport(base, web, 'unkind-to-me').urgent).toBe(true);
    expect(buildReport(base, web, 'upset').urgent).toBe(true);
    expect(buildReport(base, web, 'safeguarding-concern').urgent).toBe(true);
    expect(buildReport(base, { ...web, category: 'self-harm' }, null).urgent).toBe(true);
    expect(buildReport(base, web, 'should-not-be-blocked').urgent).toBe(false);
    expect(buildReport(base, { ...web, category: 'games' }, 'over-blocking').urgent).toBe(false);
  });
});

describe('withFollowUp', () => {
  const report = buildReport(base, targetOfPage('https://a.example/', 'A', ext), null);

  it('adds the reason and comment, trimming an empty comment to none, and recomputes urgency as the endpoint does', () => {
    const followed = withFollowUp(report, { reason: 'stranger-contact', comment: '  asked where I live ' });
    expect(followed).toMatchObject({ reason: 'stranger-contact', comment: 'asked where I live', urgent: true });
    expect(isUrgent(followed)).toBe(true);
    expect(withFollowUp(report, { reason: 'something-else', comment: '   ' }).comment).toBeNull();
  });

  it('never makes an urgent report non-urgent', () => {
    const urgent = withFollowUp(report, { reason: 'upset', comment: null });
    expect(withFollowUp(urgent, { reason: 'something-else', comment: null }).urgent).toBe(true);
  });
});

describe('reportEventPayload', () => {
  it('is a valid `report` pointer event: id, category and host only, never the address', () => {
    const report = buildReport(base, { url: 'https://www.bet365.com/odds', title: '', category: 'gambling', stopPage: 'blocked' }, 'should-not-be-blocked');
    const event = eventSchema.parse({ ...base, id: '1c7f5e8e-3a43-4f7d-9b1e-2f7c1a0d9e11', ...reportEventPayload(report) });
    expect(event).toMatchObject({ type: 'report', reportId: report.id, category: 'gambling', host: 'www.bet365.com' });
    expect(event).not.toHaveProperty('url');
  });

  it('has an empty host for an illegal stop', () => {
    const report = buildReport(base, targetOfPage(`chrome-extension://${ext}/src/pages/blocked.html?category=illegal#https://bad.example/`, '', ext), null);
    expect(reportEventPayload(report).host).toBe('');
  });
});
