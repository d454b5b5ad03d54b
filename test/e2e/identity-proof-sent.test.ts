/**
 * The identity proof as the endpoint receives it (issue 21), in real Chromium with the built extension:
 * the worker gets an ID token from the loopback stand-in issuer through chrome.identity.launchWebAuthFlow
 * (the OpenID implicit flow, no prompt) and sends it as `X-Identity-Proof` beside the device token. A
 * recording proxy in front of the real endpoint shows each request's header; the test checks the token
 * itself (RS256 against the stand-in's key, issuer, audience, account) with node:crypto, not the
 * extension's code. Whether the endpoint then believes it is identity-proof-verified.test.ts.
 *
 * Headless Chromium cannot sign a Google account in, so the device's account is the development
 * install's `developmentEmail`; the proof still comes from the issuer, which signs that account in.
 */
import { createPublicKey, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LessonCreateReply } from '../../src/overrides/panel';
import type { StandInProvider } from '../server/harness/oidc-provider';
import {
  askFromExtensionPage,
  changePolicy,
  type E2eEndpoint,
  type ExtensionSession,
  openPopup,
  signInForTest,
  tabIdOf,
  until,
  uploadNow,
} from './harness';
import { DEVICE_CLIENT, identityProofPolicy, type ProofRig, startProofRig } from './harness/device-issuer';
import type { Exchange, HoldingProxy } from './harness/holding-proxy';
import { drainQueue } from './harness/drain-queue';

const TEACHER = 'teacher@school.example';
const PUPIL = 'ada@school.example';
const SIGNED_OUT_PUPIL = 'alan@school.example';

let provider: StandInProvider;
let endpoint: E2eEndpoint;
let proxy: HoldingProxy;
let session: ExtensionSession;

const identityProof = () => identityProofPolicy(provider);

/** The token's claims, once its signature is checked against the stand-in's published key. */
function checkedClaims(token: string): Record<string, unknown> {
  const [header, payload, signature] = token.split('.');
  const key = createPublicKey(provider.keys[0]!.publicKey.export({ format: 'pem', type: 'spki' }));
  expect(verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), key, Buffer.from(signature!, 'base64url')), 'signed by the issuer').toBe(true);
  return JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'));
}

function expectProofFor(exchange: Exchange | undefined, account: string): void {
  expect(exchange, 'the request reached the endpoint').toBeDefined();
  expect(exchange!.proof, 'the request carried a proof').toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  const claims = checkedClaims(exchange!.proof!);
  expect(claims).toMatchObject({ iss: provider.issuer, aud: DEVICE_CLIENT, email: account, hd: 'school.example', email_verified: true });
  expect(typeof claims.nonce === 'string' && claims.nonce.length > 0).toBe(true);
  expect(Number(claims.exp) * 1000).toBeGreaterThan(Date.now());
}

/** What the status page says about the proof (never the proof itself). */
async function statusLine(): Promise<string> {
  const { page } = await session.navigate(session.extensionUrl('src/pages/status.html'));
  try {
    await page.waitForSelector('[data-testid="identity-proof"]');
    return await page.$eval('[data-testid="identity-proof"]', (el) => el.textContent ?? '');
  } finally {
    await page.close();
  }
}

/** Browses a page and uploads until an events batch from now on reached the endpoint; that batch. */
async function uploadedBatch(path: string): Promise<Exchange> {
  const sent = proxy.exchanges.length;
  const tab = await session.browser.newPage();
  await tab.goto(`https://pages.example/${path}`, { waitUntil: 'domcontentloaded' });
  await tab.close();
  return until('an events batch at the endpoint', async () => {
    await uploadNow(session);
    return proxy.exchanges.slice(sent).find((exchange) => exchange.path === '/v1/events' && exchange.status === 200);
  });
}


let rig: ProofRig;

beforeAll(async () => {
  rig = await startProofRig(TEACHER);
  ({ provider, endpoint, proxy, session } = rig);
}, 120_000);

afterAll(async () => rig?.close());

describe('a teacher’s allowlist', () => {
  it('carries a proof the issuer signed for the teacher, obtained without a prompt, and the next one reuses it', async () => {
    const create = (reason: string) =>
      askFromExtensionPage(session, { type: 'lesson/create', domains: ['maths-lesson.example'], audience: { yearGroups: ['Y8'], classes: [], pupils: [] }, minutes: 30, reason });
    const first = (await create('Graphing lesson for 8B')) as LessonCreateReply;
    expect(first.ok).toBe(true);
    const created = proxy.exchanges.filter((exchange) => exchange.method === 'POST' && exchange.path === '/v1/overrides');
    expectProofFor(created.at(-1), TEACHER);
    const asked = provider.hits['/o/oauth2/v2/auth'];
    expect(asked).toBeGreaterThanOrEqual(1);

    expect(((await create('Second lesson')) as LessonCreateReply).ok).toBe(true);
    const again = proxy.exchanges.filter((exchange) => exchange.method === 'POST' && exchange.path === '/v1/overrides').at(-1)!;
    // Held in storage.session until shortly before it expires: the issuer was not asked again.
    expect(again.proof).toBe(created.at(-1)!.proof);
    expect(provider.hits['/o/oauth2/v2/auth']).toBe(asked);
  });

  it('holds the proof only in storage.session, never in storage.local, and the status page says whom it names', async () => {
    const proof = proxy.exchanges.find((exchange) => exchange.method === 'POST' && exchange.path === '/v1/overrides')!.proof!;
    const line = await statusLine();
    expect(line).toMatch(/^held for teacher@school\.example until \S/);
    expect(line).not.toContain(proof.split('.')[1]!);
    const stored = await session.evaluateInWorker(async () => ({
      session: JSON.stringify(await chrome.storage.session.get(null)),
      local: JSON.stringify(await chrome.storage.local.get(null)),
    }));
    expect(stored.session).toContain(proof);
    expect(stored.local).not.toContain(proof);
  });
});

describe('a pupil’s events and reports', () => {
  beforeAll(async () => {
    const pupilPolicy = { role: 'pupil', yearGroup: 'Y8', endpoint: { ...endpoint.policyValue('device'), url: proxy.url }, logging: { detail: 'full' }, identityProof: identityProof() };
    await changePolicy(session, pupilPolicy, (s) => s.profile?.role === 'pupil', 'the pupil profile');
    await drainQueue(session);
    await signInForTest(session, PUPIL);
  }, 60_000);

  it('go up with a proof for the pupil, not the teacher who used the device before', async () => {
    const batch = await uploadedBatch('homework/1');
    expectProofFor(batch, PUPIL);
    expect(endpoint.storedEvents().some((row) => row.event.user === PUPIL)).toBe(true);
  });

  it('and the pupil’s report, with the same proof', async () => {
    const sent = proxy.exchanges.length;
    const { page } = await session.navigate('https://pages.example/something-upsetting');
    const popup = await openPopup(session, await tabIdOf(session, page.url()));
    try {
      await popup.click('[data-testid="report-send"]');
      const report = await until('the report at the endpoint', () =>
        proxy.exchanges.slice(sent).find((exchange) => exchange.method === 'POST' && exchange.path === '/v1/reports' && exchange.status < 300),
      );
      expectProofFor(report, PUPIL);
    } finally {
      await popup.close();
      await page.close();
    }
  });

  it('still go up, without a proof, when the issuer cannot sign the account in silently', async () => {
    await drainQueue(session);
    provider.silentSignIn = false;
    try {
      await signInForTest(session, SIGNED_OUT_PUPIL);
      const batch = await uploadedBatch('homework/2');
      expect(batch.proof).toBeNull();
      expect(await statusLine()).toBe('none held (last try: the issuer answered login_required)');
      expect(endpoint.storedEvents().some((row) => row.event.user === SIGNED_OUT_PUPIL && row.event.url === 'https://pages.example/homework/2')).toBe(true);
    } finally {
      provider.silentSignIn = true;
    }
  });
});
