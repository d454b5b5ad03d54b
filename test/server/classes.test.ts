/**
 * GET /v1/classes: the class names a teacher picks from when opening an
 * allowlist, from the rosters uploaded on the dashboard. Staff tokens only,
 * and only names and counts: pupils' emails never leave through it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLASSES_PATH, classesReplySchema } from '../../src/overrides/model';
import { signIn } from './harness/dashboard';
import { bearer, DEVICE_TOKEN, IT_LEAD, STAFF_TOKEN, startTestServer, type TestServer } from './harness/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const classes = (token: string | null = STAFF_TOKEN) => server.fetch(CLASSES_PATH, token ? { headers: bearer(token) } : {});

describe('GET /v1/classes', () => {
  it('answers an empty list before any roster is uploaded', async () => {
    const response = await classes();
    expect(response.status).toBe(200);
    expect(classesReplySchema.parse(await response.json())).toEqual({ classes: [] });
  });

  it('lists every roster class with its pupil count, by name, and no emails', async () => {
    const itLead = await signIn(server, IT_LEAD);
    const csv = [
      'class,pupil email',
      '9X/Cs1,ada@school.example',
      '9X/Cs1,alan@school.example',
      '9X/Cs1,grace@school.example',
      '7C/Ma2,katherine@school.example',
      'art club,ada@school.example',
      'Year 8 Science,tim@school.example',
      'Year 8 Science,margaret@school.example',
    ].join('\n');
    expect((await itLead.post('/rosters', csv, 'text/csv')).status).toBe(200);
    // A later upload that spells a class differently replaces it: still one class, new spelling.
    expect((await itLead.post('/rosters', '7c/ma2,katherine@school.example\n7c/ma2,dorothy@school.example\n', 'text/csv')).status).toBe(200);

    const response = await classes();
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(classesReplySchema.parse(JSON.parse(text))).toEqual({
      classes: [
        { name: '7c/ma2', pupils: 2 },
        { name: '9X/Cs1', pupils: 3 },
        { name: 'art club', pupils: 1 },
        { name: 'Year 8 Science', pupils: 2 },
      ],
    });
    expect(text).not.toContain('@');
  });

  it('refuses a device token (403) and a missing one (401)', async () => {
    const refused = await classes(DEVICE_TOKEN);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: expect.any(String) });
    expect((await classes(null)).status).toBe(401);
  });
});
