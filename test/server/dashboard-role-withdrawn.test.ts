/**
 * A dashboard session ends when the config no longer gives its account that role: a member of staff
 * removed from the config, or moved to another role, loses access at the next request after the
 * endpoint restarts with the new config, not up to a school day later when the session would expire.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/src/auth/password';
import { roleStillGranted } from '../../server/src/auth/granted-role';
import { DASHBOARD_API } from '../../server/src/dashboard-api/types';
import { signIn } from './harness/dashboard';
import { DSL, IT_LEAD, startTestServer } from './harness/server';

const dataDir = mkdtempSync(join(tmpdir(), 'role-withdrawn-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function overviewStatus(server: Awaited<ReturnType<typeof startTestServer>>, cookie: string): Promise<{ status: number; error?: string }> {
  const response = await server.fetch(`${DASHBOARD_API}/overview`, { headers: { cookie } });
  const body = (await response.json()) as { error?: string };
  return { status: response.status, error: body.error };
}

describe('a withdrawn dashboard role', () => {
  it('ends the session of an account moved to another role, and it stays ended when the role comes back', async () => {
    const first = await startTestServer({ dataDir });
    const dsl = await signIn(first, DSL);
    expect((await overviewStatus(first, dsl.cookie)).status).toBe(200);
    await first.close();

    const movedDsl = [
      { username: IT_LEAD.username, passwordHash: await hashPassword(IT_LEAD.password), role: 'it-lead' as const },
      { username: DSL.username, passwordHash: await hashPassword(DSL.password), role: 'it-lead' as const },
    ];
    const second = await startTestServer({ dataDir, config: { dashboardUsers: movedDsl } });
    try {
      const sessionsBefore = (await second.counts()).sessions;
      expect(await overviewStatus(second, dsl.cookie)).toEqual({ status: 401, error: 'your dashboard access has changed: sign in again' });
      expect((await second.counts()).sessions).toBe(sessionsBefore - 1);
    } finally {
      await second.close();
    }

    const third = await startTestServer({ dataDir });
    try {
      expect((await overviewStatus(third, dsl.cookie)).status).toBe(401);
      const again = await signIn(third, DSL);
      expect((await overviewStatus(third, again.cookie)).status).toBe(200);
    } finally {
      await third.close();
    }
  });

  it('ends the session of an account removed from the config', async () => {
    const first = await startTestServer({ dataDir });
    const itLead = await signIn(first, IT_LEAD);
    await first.close();
    const onlyDsl = [{ username: DSL.username, passwordHash: await hashPassword(DSL.password), role: 'dsl' as const }];
    const second = await startTestServer({ dataDir, config: { dashboardUsers: onlyDsl } });
    try {
      expect((await overviewStatus(second, itLead.cookie)).status).toBe(401);
    } finally {
      await second.close();
    }
  });
});

describe('roleStillGranted', () => {
  const google = { roles: { 'dsl@school.example': 'dsl', 'head@school.example': 'it-lead' } } as const;
  const config = { dashboardUsers: [], googleSignIn: google } as unknown as Parameters<typeof roleStillGranted>[0];

  it('grants a Google account the role it is mapped to, and only that role', () => {
    expect(roleStillGranted(config, { username: 'dsl@school.example', role: 'dsl' })).toBe(true);
    expect(roleStillGranted(config, { username: 'dsl@school.example', role: 'it-lead' })).toBe(false);
  });

  it('grants nothing to an account no longer mapped, nor to a name the roles object inherits', () => {
    expect(roleStillGranted(config, { username: 'left@school.example', role: 'dsl' })).toBe(false);
    expect(roleStillGranted(config, { username: 'constructor', role: 'dsl' })).toBe(false);
    expect(roleStillGranted({ dashboardUsers: [], googleSignIn: null } as unknown as Parameters<typeof roleStillGranted>[0], { username: 'dsl@school.example', role: 'dsl' })).toBe(false);
  });
});
