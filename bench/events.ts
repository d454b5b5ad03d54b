/**
 * `npm run bench:events`: what logging costs and what it sends, in real
 * Chromium with the built extension (dist/) uploading to the real school
 * endpoint (startEndpoint: the server's code, a real SQLite file, loopback).
 *
 * (a) Capture without loss. N main-frame navigations to N distinct hosts
 *     (fixture pages), driven as fast as puppeteer can over a few tabs, at
 *     the default logging detail (`domain`: one `navigation` event per page,
 *     named by its host). Every navigation must arrive at the endpoint exactly
 *     once; the remainder under the at-100 trigger is flushed with the
 *     worker's uploadNow (what the next alarm would do), and the time until
 *     the last event is stored gives the sustained navigations/s captured and
 *     delivered. Baseline, in the same run: the same navigations in the same
 *     Chromium with no extension. Rounds alternate which goes first.
 * (b) Bytes per event on the wire. A realistic Year 9 browsing mix (lessons,
 *     searches, blocked and warned sites) at `domain` (default) and `full`
 *     detail; a recording proxy in front of the endpoint keeps every upload's
 *     body exactly as the extension's CompressionStream gzipped it. Baseline:
 *     the same batches as uncompressed JSON. The recorded events are also
 *     re-gzipped in batches of 10 to 500 (Node's zlib, default level, checked
 *     against the real bodies) to show how batch size moves the figure.
 * (c) Uploads per device per minute at the default policy (upload alarm every
 *     5 minutes, and at once when 100 events wait), for a busy pupil (one page
 *     every 10 s) and a heavy one (one page every 2 s). Measured on a
 *     time-compressed run: the policy's shortest interval (1 minute) and
 *     browsing 5 times faster, so each interval holds the same number of
 *     events as 5 real minutes and the count-based trigger fires as often per
 *     interval; uploads are counted at the proxy over whole intervals. The
 *     15-minute heartbeat (a code constant, one upload each) cannot be
 *     compressed and is added from the code.
 *
 *   --small            CI size: 60 navigations, 1 round, 40 mix pages, no timed run
 *   --navigations N    (a) navigations per round (default 1,000)
 *   --tabs N           (a) tabs driven at once (default 4)
 *   --rounds N         (a) rounds (default 3; medians reported)
 *   --mix N            (b) pages of the browsing mix per detail level (default 500)
 *   --intervals N      (c) compressed upload intervals counted per profile (default 3; 0 skips)
 *   --wire-only        (b) only, results under `eventsWire`; writes the title-cost block of bench/README.md
 */
import { gzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import type { Browser } from 'puppeteer-core';
import { HEARTBEAT_MINUTES } from '../src/background/heartbeat';
import { UPLOAD_ALARM, UPLOAD_WHEN_QUEUED, type UploadResult } from '../src/background/uploader';
import { MAX_BATCH_EVENTS } from '../src/events/wire';
import { DEFAULT_UPLOAD_INTERVAL_MINUTES } from '../src/policy/defaults';
import { type ExtensionSession, launchWithExtension, queuedEvents, startEndpoint, startFixtureServer, waitForWorkerState, type E2eEndpoint, type FixtureServer } from '../test/e2e/harness';
import { acquireRunLock } from '../test/e2e/harness/run-lock';
import { browsingMix, realisticTitle } from './events/browsing';
import { writeReadmeBlock } from './lib/readme-block';
import { launchWithoutExtension } from './events/plain-browser';
import { startRecordingProxy, type RecordedUpload, type RecordingProxy } from './events/recording-proxy';
import { median, round } from './ingest/percentiles';
import { mergeResults } from './results';

const { values: args } = parseArgs({
  options: {
    small: { type: 'boolean' },
    navigations: { type: 'string' },
    tabs: { type: 'string' },
    rounds: { type: 'string' },
    mix: { type: 'string' },
    intervals: { type: 'string' },
    'wire-only': { type: 'boolean' },
  },
});
const SMALL = args.small ?? false;
/** (b) alone, kept under its own results key: bytes on the wire do not depend on the machine's load. */
const WIRE_ONLY = args['wire-only'] ?? false;
const NAVIGATIONS = Number(args.navigations ?? (SMALL ? 60 : 1000));
const TABS = Number(args.tabs ?? 4);
const ROUNDS = Number(args.rounds ?? (SMALL ? 1 : 3));
const MIX_PAGES = Number(args.mix ?? (SMALL ? 40 : 500));
const TIMED_INTERVALS = Number(args.intervals ?? (SMALL ? 0 : 3));
const WARMUP_NAVIGATIONS = 10;
/** (c): real browsing rates, and how much faster the timed run goes. */
const PUPILS = [
  { name: 'busy pupil', secondsPerPage: 10 },
  { name: 'heavy pupil', secondsPerPage: 2 },
];
const COMPRESSED_INTERVAL_MINUTES = 1;
const COMPRESSION = DEFAULT_UPLOAD_INTERVAL_MINUTES / COMPRESSED_INTERVAL_MINUTES;

function pupilPolicy(endpoint: { url: string; token: string }, logging: Record<string, unknown>) {
  return { schoolName: 'Bench Academy', role: 'pupil', yearGroup: 'Y9', endpoint, logging };
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 120_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

function uploadNow(session: ExtensionSession): Promise<UploadResult> {
  return session.evaluateInWorker(() => (globalThis as unknown as { schoolFilter: { uploadNow(): Promise<UploadResult> } }).schoolFilter.uploadNow());
}

/** Starts the extension against the endpoint (through the proxy), waits for the Y9 profile and for the start-up upload to land. */
async function extensionSession(fixture: FixtureServer, endpoint: E2eEndpoint, proxy: RecordingProxy, logging: Record<string, unknown>): Promise<ExtensionSession> {
  const session = await launchWithExtension({ fixture, policy: { extension: pupilPolicy({ ...endpoint.policyValue(), url: proxy.url }, logging) } });
  await waitForWorkerState(session, (s) => s.profile?.yearGroup === 'Y9' && s.dynamicRuleCount > 0, { what: 'the Y9 profile' });
  await until('the start-up upload (policy event)', async () => {
    await uploadNow(session);
    return (await queuedEvents(session)).length === 0 && proxy.uploads.some((upload) => upload.status === 200) ? true : undefined;
  });
  return session;
}

/** Loads every URL, `tabs` at a time, each tab taking the next one as soon as its page is loaded. */
async function drive(browser: Browser, urls: readonly string[], tabs: number): Promise<{ ms: number; failures: string[] }> {
  const pages = await Promise.all(Array.from({ length: tabs }, () => browser.newPage()));
  const failures: string[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    pages.map(async (page) => {
      for (let i = next++; i < urls.length; i = next++) {
        await page.goto(urls[i]!, { waitUntil: 'domcontentloaded', timeout: 30_000 }).catch((error: unknown) => failures.push(`${urls[i]}: ${String(error).slice(0, 200)}`));
      }
    }),
  );
  const ms = performance.now() - started;
  await Promise.all(pages.map((page) => page.close()));
  return { ms, failures };
}

const captureUrls = (label: string, count: number) => Array.from({ length: count }, (_, i) => `https://n${i}.${label}.capture.example/lesson`);

// ---------- (a) capture without loss ----------

interface CaptureRound {
  round: number;
  baselinePagesPerSecond: number;
  extensionPagesPerSecond: number;
  /** Navigations captured and stored at the endpoint per second, from the first navigation to the last event stored. */
  deliveredPerSecond: number;
  storedWhenLastPageLoaded: number;
  lastEventStoredAfterLastPageMs: number;
  navigations: number;
  stored: number;
  lost: number;
  duplicates: number;
  droppedEvents: number;
  uploads: number;
  meanEventsPerUpload: number;
  failures: string[];
}

async function baselineRate(fixture: FixtureServer, round: number): Promise<{ pagesPerSecond: number; failures: string[] }> {
  const plain = await launchWithoutExtension(fixture);
  try {
    await drive(plain.browser, captureUrls(`warm-b${round}`, WARMUP_NAVIGATIONS), TABS);
    const run = await drive(plain.browser, captureUrls(`r${round}-baseline`, NAVIGATIONS), TABS);
    return { pagesPerSecond: NAVIGATIONS / (run.ms / 1000), failures: run.failures };
  } finally {
    await plain.close();
  }
}

function storedHosts(endpoint: E2eEndpoint, label: string): { host: string; n: number }[] {
  return endpoint.rows<{ host: string; n: number }>(
    "SELECT json_extract(body, '$.host') AS host, count(*) AS n FROM events WHERE type = 'navigation' AND json_extract(body, '$.host') LIKE ? GROUP BY host",
    `%.${label}.capture.example`,
  );
}

async function extensionRate(fixture: FixtureServer, round: number) {
  const endpoint = await startEndpoint();
  const proxy = await startRecordingProxy(endpoint.url);
  try {
    const session = await extensionSession(fixture, endpoint, proxy, {});
    try {
      await drive(session.browser, captureUrls(`warm-e${round}`, WARMUP_NAVIGATIONS), TABS);
      const label = `r${round}-extension`;
      const uploadsBefore = proxy.uploads.length;
      const started = performance.now();
      const run = await drive(session.browser, captureUrls(label, NAVIGATIONS), TABS);
      const storedWhenLastPageLoaded = storedHosts(endpoint, label).length;
      // What is left under the at-100 trigger goes with the next alarm; send it now.
      await until(`${NAVIGATIONS} navigation events at the endpoint`, async () => {
        await uploadNow(session);
        return storedHosts(endpoint, label).length >= NAVIGATIONS - run.failures.length ? true : undefined;
      }, 120_000, 50).catch(() => undefined);
      const deliveredMs = performance.now() - started;
      await uploadNow(session);
      const hosts = storedHosts(endpoint, label);
      const stored = hosts.reduce((sum, row) => sum + row.n, 0);
      return {
        pagesPerSecond: NAVIGATIONS / (run.ms / 1000),
        deliveredPerSecond: hosts.length / (deliveredMs / 1000),
        storedWhenLastPageLoaded,
        lastEventStoredAfterLastPageMs: Math.round(deliveredMs - run.ms),
        stored: hosts.length,
        lost: NAVIGATIONS - hosts.length,
        duplicates: stored - hosts.length,
        droppedEvents: endpoint.rows<{ n: number }>("SELECT count(*) AS n FROM events WHERE type = 'dropped'")[0]!.n,
        uploads: proxy.uploads.length - uploadsBefore,
        failures: run.failures,
      };
    } finally {
      await session.close();
    }
  } finally {
    await proxy.close();
    await endpoint.close();
  }
}

async function measureCapture(fixture: FixtureServer) {
  const rounds: CaptureRound[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate the order, so neither always runs on a warmer (or busier) machine.
    let baseline: Awaited<ReturnType<typeof baselineRate>>;
    let extension: Awaited<ReturnType<typeof extensionRate>>;
    if (round % 2 === 0) {
      baseline = await baselineRate(fixture, round);
      extension = await extensionRate(fixture, round);
    } else {
      extension = await extensionRate(fixture, round);
      baseline = await baselineRate(fixture, round);
    }
    fixture.clear();
    const row: CaptureRound = {
      round,
      baselinePagesPerSecond: round1(baseline.pagesPerSecond),
      extensionPagesPerSecond: round1(extension.pagesPerSecond),
      deliveredPerSecond: round1(extension.deliveredPerSecond),
      storedWhenLastPageLoaded: extension.storedWhenLastPageLoaded,
      lastEventStoredAfterLastPageMs: extension.lastEventStoredAfterLastPageMs,
      navigations: NAVIGATIONS,
      stored: extension.stored,
      lost: extension.lost,
      duplicates: extension.duplicates,
      droppedEvents: extension.droppedEvents,
      uploads: extension.uploads,
      meanEventsPerUpload: round1(extension.stored / Math.max(1, extension.uploads)),
      failures: [...baseline.failures, ...extension.failures].slice(0, 5),
    };
    console.log(
      `(a) round ${round}: ${NAVIGATIONS} navigations over ${TABS} tabs: no extension ${row.baselinePagesPerSecond} pages/s, extension ${row.extensionPagesPerSecond} pages/s; ` +
        `${row.stored} stored at the endpoint (${row.storedWhenLastPageLoaded} when the last page loaded, all ${row.lastEventStoredAfterLastPageMs} ms later), ` +
        `${row.deliveredPerSecond}/s delivered, lost ${row.lost}, duplicates ${row.duplicates}, ${row.uploads} uploads (${row.meanEventsPerUpload} events each on average)`,
    );
    rounds.push(row);
  }
  const baseline = median(rounds.map((r) => r.baselinePagesPerSecond));
  const extension = median(rounds.map((r) => r.extensionPagesPerSecond));
  return {
    what: `${NAVIGATIONS} main-frame navigations to distinct hosts over ${TABS} tabs, logging detail domain (default); medians of ${ROUNDS} round(s)`,
    baseline: 'the same navigations in the same Chromium with no extension',
    baselinePagesPerSecond: baseline,
    extensionPagesPerSecond: extension,
    ratio: round(extension / baseline, 3),
    deliveredPerSecond: median(rounds.map((r) => r.deliveredPerSecond)),
    lost: rounds.reduce((sum, r) => sum + r.lost, 0),
    duplicates: rounds.reduce((sum, r) => sum + r.duplicates, 0),
    droppedEvents: rounds.reduce((sum, r) => sum + r.droppedEvents, 0),
    rounds,
  };
}

// ---------- (b) bytes per event on the wire ----------

interface Batch {
  events: Record<string, unknown>[];
  upload: RecordedUpload;
}

function batchesOf(uploads: readonly RecordedUpload[]): Batch[] {
  return uploads.filter((upload) => upload.status === 200).map((upload) => ({ upload, events: (JSON.parse(upload.json) as { events: Record<string, unknown>[] }).events }));
}

function gzipPerEvent(events: readonly Record<string, unknown>[], size: number): number | null {
  if (events.length < size) return null;
  let bytes = 0;
  let count = 0;
  for (let start = 0; start + size <= events.length; start += size) {
    const chunk = events.slice(start, start + size);
    bytes += gzipSync(JSON.stringify({ events: chunk })).length;
    count += chunk.length;
  }
  return round1(bytes / count);
}

async function measureWire(fixture: FixtureServer, detail: 'domain' | 'full') {
  const endpoint = await startEndpoint();
  const proxy = await startRecordingProxy(endpoint.url);
  try {
    const session = await extensionSession(fixture, endpoint, proxy, { detail });
    try {
      const from = proxy.uploads.length;
      const urls = browsingMix(MIX_PAGES, 9);
      const tab = await session.browser.newPage();
      for (const url of urls) await tab.goto(url, { waitUntil: 'domcontentloaded', timeout: 30_000 }).catch(() => undefined);
      await tab.close();
      await until('the queue to drain', async () => {
        await uploadNow(session);
        return (await queuedEvents(session)).length === 0 ? true : undefined;
      });
      const batches = batchesOf(proxy.uploads.slice(from));
      const events = batches.flatMap((batch) => batch.events);
      const wire = batches.reduce((sum, batch) => sum + batch.upload.wireBytes, 0);
      const json = batches.reduce((sum, batch) => sum + Buffer.byteLength(batch.upload.json), 0);
      const headers = batches.reduce((sum, batch) => sum + batch.upload.headerBytes, 0);
      const nodeGzip = batches.reduce((sum, batch) => sum + gzipSync(batch.upload.json).length, 0);
      const byType: Record<string, { count: number; jsonBytesPerEvent: number; gzipBytesPerEventInBatchesOf100: number | null }> = {};
      for (const type of [...new Set(events.map((event) => String(event.type)))]) {
        const ofType = events.filter((event) => event.type === type);
        byType[type] = {
          count: ofType.length,
          jsonBytesPerEvent: round1(ofType.reduce((sum, event) => sum + Buffer.byteLength(JSON.stringify(event)), 0) / ofType.length),
          gzipBytesPerEventInBatchesOf100: gzipPerEvent(ofType, Math.min(100, ofType.length >= 20 ? ofType.length : Infinity)),
        };
      }
      const result = {
        detail,
        pages: urls.length,
        events: events.length,
        eventsPerPage: round(events.length / urls.length, 3),
        uploads: batches.length,
        eventsPerUpload: batches.map((batch) => batch.events.length),
        contentEncoding: [...new Set(batches.map((batch) => batch.upload.contentEncoding))].join(', '),
        wireBytesPerEvent: round1(wire / events.length),
        jsonBytesPerEvent: round1(json / events.length),
        compression: round(json / wire, 2),
        headerBytesPerUpload: Math.round(headers / batches.length),
        nodeGzipVsWire: round(nodeGzip / wire, 3),
        gzipBytesPerEventByBatchSize: Object.fromEntries([10, 30, UPLOAD_WHEN_QUEUED, MAX_BATCH_EVENTS].map((size) => [size, gzipPerEvent(events, size)])),
        byType,
        ...(detail === 'full' ? { titles: titleCost(events) } : {}),
      };
      console.log(
        `(b) ${detail}: ${result.events} events from ${result.pages} pages in ${result.uploads} uploads: ${result.wireBytesPerEvent} B/event gzipped on the wire vs ${result.jsonBytesPerEvent} B/event JSON (×${result.compression}); ` +
          `+${result.headerBytesPerUpload} B of request line and headers per upload; by batch size ${JSON.stringify(result.gzipBytesPerEventByBatchSize)}`,
      );
      return result;
    } finally {
      await session.close();
    }
  } finally {
    await proxy.close();
    await endpoint.close();
  }
}

// ---------- (c) uploads per device per minute ----------

/** What the code's triggers predict per real minute, for a rate of events per minute. */
function modelUploadsPerMinute(eventsPerMinute: number): number {
  const perInterval = eventsPerMinute * DEFAULT_UPLOAD_INTERVAL_MINUTES;
  // The queue trigger fires at every UPLOAD_WHEN_QUEUED events; the alarm takes what is left each interval.
  const triggered = Math.floor(perInterval / UPLOAD_WHEN_QUEUED);
  const alarm = perInterval - triggered * UPLOAD_WHEN_QUEUED > 0 ? 1 : 0;
  return (triggered + alarm) / DEFAULT_UPLOAD_INTERVAL_MINUTES + 1 / HEARTBEAT_MINUTES;
}

function classify(batch: Batch): 'heartbeat' | 'queue trigger' | 'interval alarm' {
  if (batch.events.some((event) => event.type === 'heartbeat')) return 'heartbeat';
  return batch.events.length >= UPLOAD_WHEN_QUEUED ? 'queue trigger' : 'interval alarm';
}

async function measureUploads(fixture: FixtureServer, eventsPerPage: number) {
  const rows = [];
  for (const pupil of PUPILS) {
    const endpoint = await startEndpoint();
    const proxy = await startRecordingProxy(endpoint.url);
    try {
      const session = await extensionSession(fixture, endpoint, proxy, { detail: 'domain', uploadIntervalMinutes: COMPRESSED_INTERVAL_MINUTES });
      try {
        const alarm = await session.evaluateInWorker((name: string) => chrome.alarms.get(name), UPLOAD_ALARM);
        if (!alarm?.scheduledTime || alarm.periodInMinutes !== COMPRESSED_INTERVAL_MINUTES) throw new Error(`upload alarm not as expected: ${JSON.stringify(alarm)}`);
        const intervalMs = COMPRESSED_INTERVAL_MINUTES * 60_000;
        // Count from mid-interval to mid-interval: whole intervals, each holding one alarm, and the first heartbeat (at 1 minute, with the first alarm) left out.
        let windowStart = alarm.scheduledTime + intervalMs / 2;
        while (windowStart < Date.now() + 5_000) windowStart += intervalMs;
        const windowEnd = windowStart + TIMED_INTERVALS * intervalMs;
        const pageEveryMs = (pupil.secondsPerPage * 1000) / COMPRESSION;
        const urls = browsingMix(Math.ceil((windowEnd - Date.now()) / pageEveryMs) + 10, 21);
        const tab = await session.browser.newPage();
        const started = Date.now();
        let pages = 0;
        for (let i = 0; Date.now() < windowEnd; i++) {
          const due = started + i * pageEveryMs;
          if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
          await tab.goto(urls[i % urls.length]!, { waitUntil: 'domcontentloaded', timeout: 30_000 }).catch(() => undefined);
          if (Date.now() > windowStart) pages += 1;
        }
        await tab.close();
        const counted = batchesOf(proxy.uploads.filter((upload) => upload.at > windowStart && upload.at <= windowEnd));
        const kinds: Record<string, number> = {};
        for (const batch of counted) kinds[classify(batch)] = (kinds[classify(batch)] ?? 0) + 1;
        const realMinutes = TIMED_INTERVALS * COMPRESSED_INTERVAL_MINUTES * COMPRESSION;
        const eventsInWindow = counted.reduce((sum, batch) => sum + batch.events.length, 0);
        const realPagesPerMinute = 60 / pupil.secondsPerPage;
        const measured = counted.length / realMinutes + 1 / HEARTBEAT_MINUTES;
        const row = {
          pupil: pupil.name,
          realPagesPerMinute,
          compressedPagesPerMinute: realPagesPerMinute * COMPRESSION,
          realMinutesCovered: realMinutes,
          pagesInWindow: pages,
          uploadsInWindow: counted.length,
          uploadsByTrigger: kinds,
          eventsPerUpload: counted.map((batch) => batch.events.length),
          eventsInWindow,
          uploadsPerMinute: round(measured, 3),
          modelUploadsPerMinute: round(modelUploadsPerMinute(realPagesPerMinute * eventsPerPage), 3),
        };
        console.log(
          `(c) ${pupil.name} (a page every ${pupil.secondsPerPage} s): ${counted.length} uploads in ${TIMED_INTERVALS} compressed intervals (= ${realMinutes} real minutes) ${JSON.stringify(kinds)}, ` +
            `→ ${row.uploadsPerMinute} uploads/min with the 15-minute heartbeat (model: ${row.modelUploadsPerMinute})`,
        );
        rows.push(row);
      } finally {
        await session.close();
      }
    } finally {
      await proxy.close();
      await endpoint.close();
    }
  }
  return rows;
}

/**
 * What page titles add at `full`: the same recorded events with and without their `title`
 * (JSON per navigation, and gzipped per event in batches of 100 as the heavy pupil sends them).
 */
function titleCost(events: readonly Record<string, unknown>[]) {
  const withoutTitles = events.map(({ title: _title, ...rest }) => rest);
  const navigations = events.filter((event) => event.type === 'navigation');
  const titles = navigations.map((event) => event.title).filter((title): title is string => typeof title === 'string');
  const jsonPerNavigation = (list: readonly Record<string, unknown>[]) => round1(list.filter((event) => event.type === 'navigation').reduce((sum, event) => sum + Buffer.byteLength(JSON.stringify(event)), 0) / navigations.length);
  return {
    navigations: navigations.length,
    withTitle: titles.length,
    meanTitleChars: round1(titles.reduce((sum, title) => sum + title.length, 0) / Math.max(1, titles.length)),
    jsonBytesPerNavigation: { withTitles: jsonPerNavigation(events), withoutTitles: jsonPerNavigation(withoutTitles) },
    gzipBytesPerEventInBatchesOf100: { withTitles: gzipPerEvent(events, 100), withoutTitles: gzipPerEvent(withoutTitles, 100) },
  };
}

const TITLES_START = '<!-- title cost: written by bench/events.ts (b) at full detail; do not edit by hand -->';
const TITLES_END = '<!-- end of title cost -->';

function titleCostBlock(cost: ReturnType<typeof titleCost>, measuredAt: string): string {
  const gzip = cost.gzipBytesPerEventInBatchesOf100;
  const json = cost.jsonBytesPerNavigation;
  return [
    TITLES_START,
    `**Page titles at \`full\`** (${measuredAt}): ${cost.withTitle} of ${cost.navigations} navigation events carried a title (mean ${cost.meanTitleChars} characters, the real pages' titles served by the fixture).`,
    `A navigation event is ${json.withTitles} B of JSON with its title against ${json.withoutTitles} B without (+${round1(json.withTitles - json.withoutTitles)} B);`,
    gzip.withTitles !== null && gzip.withoutTitles !== null
      ? `gzipped in batches of 100, every event of the mix costs ${gzip.withTitles} B with titles against ${gzip.withoutTitles} B without (+${round1(gzip.withTitles - gzip.withoutTitles)} B, ×${round(gzip.withTitles / gzip.withoutTitles, 2)}). Baseline: the same recorded events with the title removed.`
      : 'too few events to gzip in batches of 100.',
    TITLES_END,
  ].join('\n');
}

function round1(value: number): number {
  return round(value, 1);
}

async function main(): Promise<void> {
  const release = await acquireRunLock();
  const fixture = await startFixtureServer();
  // Real pages' titles, so what titles cost on the wire is what real ones would.
  fixture.route((request) => {
    const title = realisticTitle(`${request.scheme}://${request.host}${request.path}`);
    return title === undefined ? undefined : { body: `<!doctype html><html lang="en"><head><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1></body></html>` };
  });
  try {
    if (WIRE_ONLY) {
      const wire = [await measureWire(fixture, 'domain'), await measureWire(fixture, 'full')];
      mergeResults('eventsWire', { pages: MIX_PAGES, levels: wire });
      if (wire[1]!.titles) writeReadmeBlock(TITLES_START, TITLES_END, titleCostBlock(wire[1]!.titles, new Date().toISOString().slice(0, 10)));
      return;
    }
    const capture = await measureCapture(fixture);
    const wire = [await measureWire(fixture, 'domain'), await measureWire(fixture, 'full')];
    const eventsPerPage = wire[0]!.eventsPerPage;
    const uploads = TIMED_INTERVALS > 0 ? await measureUploads(fixture, eventsPerPage) : [];
    const model = PUPILS.map((pupil) => ({
      pupil: pupil.name,
      realPagesPerMinute: 60 / pupil.secondsPerPage,
      uploadsPerMinute: round(modelUploadsPerMinute((60 / pupil.secondsPerPage) * eventsPerPage), 3),
    }));
    mergeResults(SMALL ? 'eventsSmall' : 'events', {
      small: SMALL,
      capture,
      wire: {
        what: `a Year 9 browsing mix of ${MIX_PAGES} pages (68% lesson pages, 20% searches, 8% blocked, 4% warned); bodies recorded by a proxy in front of the endpoint`,
        baseline: 'the same batches as uncompressed JSON',
        levels: wire,
      },
      uploads: {
        what: `default policy (upload alarm every ${DEFAULT_UPLOAD_INTERVAL_MINUTES} min, at once when ${UPLOAD_WHEN_QUEUED} events wait, heartbeat every ${HEARTBEAT_MINUTES} min)`,
        method: TIMED_INTERVALS > 0
          ? `time-compressed ×${COMPRESSION}: interval ${COMPRESSED_INTERVAL_MINUTES} min, browsing ${COMPRESSION}× faster, uploads counted at the proxy over ${TIMED_INTERVALS} whole intervals; + 1/${HEARTBEAT_MINUTES} per minute for the heartbeat (code constant)`
          : 'model only (--small skips the timed run)',
        eventsPerPage,
        measured: uploads,
        model,
      },
    });
    const titles = wire[1]!.titles;
    if (!SMALL && titles) writeReadmeBlock(TITLES_START, TITLES_END, titleCostBlock(titles, new Date().toISOString().slice(0, 10)));
    if (capture.lost > 0 || capture.duplicates > 0) {
      console.error(`FAILED: ${capture.lost} navigations lost, ${capture.duplicates} stored twice`);
      process.exitCode = 1;
    }
  } finally {
    await fixture.close();
    release();
  }
}

await main();

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
