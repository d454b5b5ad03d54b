/**
 * `npm run bench:ingest`: how many events per second the school endpoint
 * stores (SQLite, PostgreSQL) on this machine with concurrent clients, and what that
 * load does to the latency of `GET /v1/overrides` (the call a pupil's device
 * makes for its lesson allowlists).
 *
 * Three processes: the real endpoint (bench/ingest/server-process.ts: the
 * server's own startServer, a real SQLite file in WAL mode in a temp
 * directory), this load generator, and a latency probe
 * (bench/ingest/probe-process.ts). For each concurrency level a fresh
 * endpoint is started, given a class roster and lesson allowlists, warmed up,
 * probed idle (the baseline), then loaded by N clients that each POST
 * gzipped 500-event batches back to back (prepared and validated before the
 * clock starts, every event with its own id) while the probe keeps asking.
 * At the end the database is opened and every id sent is checked to be
 * there: each event stored exactly once, or the run fails.
 *
 * Then the same batches go through the route's stages in one process, no
 * HTTP (gunzip, JSON.parse, zod, the store's insert), to show where the time
 * goes (bench/ingest/stages.ts).
 *
 * Each level runs on each setup (issue 22): SQLite (one process, its file), PostgreSQL with one endpoint
 * process, and PostgreSQL with two endpoint processes sharing the database, the batches spread between them
 * in turn as a load balancer would (bench/ingest/postgres.ts: a fresh database per level, commits durable).
 *
 *   --small          CI size: 1 and 4 clients, 8 batches each level
 *   --clients LIST   concurrency levels (default 1,4,16,64)
 *   --batches N      500-event batches per level (default 640: 320,000 events)
 *   --setups LIST    sqlite, postgres, postgres-2 (default all three)
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { MAX_BATCH_EVENTS } from '../src/events/wire';
import { CSRF_HEADER, CSRF_VALUE, DASHBOARD_API, SESSION_COOKIE } from '../server/src/dashboard-api/types';
import { ingestSchema } from '../server/src/config/ingest';
import { databasePath } from '../server/src/store/sqlite/open';
import { percentiles, round } from './ingest/percentiles';
import type { ProbeResult } from './ingest/probe-process';
import { forkChild, has, postAll, reply, request, startServerProcess, type ServerProcess } from './ingest/processes';
import { profileStages } from './ingest/stages';
import { postgresCpuMs } from './ingest/postgres-cpu';
import { createBenchDatabase, synchronousCommitOf, type BenchDatabase } from './ingest/postgres';
import { prepareBatch, pupil, type PreparedBatch } from './ingest/synthetic-events';
import { BENCH_DASHBOARD_USER, BENCH_DEVICE_TOKEN, BENCH_STAFF_TOKEN } from './ingest/tokens';
import { mergeResults } from './results';
import { keepIngestRun, TARGET_EVENTS_PER_SECOND, writeIngestRunsTable } from './ingest/runs-report';

const { values: args } = parseArgs({ options: { small: { type: 'boolean' }, clients: { type: 'string' }, batches: { type: 'string' }, setups: { type: 'string' } } });
const SMALL = args.small ?? false;
const LEVELS = (args.clients ?? (SMALL ? '1,4' : '1,4,16,64')).split(',').map(Number);
const BATCHES = Number(args.batches ?? (SMALL ? 8 : 640));
const WARMUP_BATCHES = SMALL ? 2 : 8;
const IDLE_MS = SMALL ? 1_000 : 5_000;
const PROBE_INTERVAL_MS = 20;
/** How this run was asked for, kept with it: the README compares only runs made alike. */
const RUN_ARGS = process.argv.slice(2).join(' ');

/** Where the events are stored and by how many endpoint processes. */
interface Setup {
  name: 'sqlite' | 'postgres' | 'postgres-2';
  engine: 'sqlite' | 'postgres';
  processes: number;
}
const SETUPS: readonly Setup[] = [
  { name: 'sqlite', engine: 'sqlite', processes: 1 },
  { name: 'postgres', engine: 'postgres', processes: 1 },
  { name: 'postgres-2', engine: 'postgres', processes: 2 },
];
const CHOSEN_SETUPS = (args.setups ?? 'sqlite,postgres,postgres-2').split(',').map((name) => {
  const setup = SETUPS.find((candidate) => candidate.name === name);
  if (!setup) throw new Error(`unknown setup "${name}": one of ${SETUPS.map((candidate) => candidate.name).join(', ')}`);
  return setup;
});
const PROBE_USER = pupil(7).user;
const PROBE_YEAR_GROUP = 'Y9';

interface Probe {
  start(url: string): void;
  stop(): Promise<ProbeResult>;
  exit(): void;
}

function startProbe(): Probe {
  const child = forkChild('probe-process.ts');
  return {
    start: (url) => child.send({ url, token: BENCH_DEVICE_TOKEN, intervalMs: PROBE_INTERVAL_MS }),
    stop: () => reply(child, 'stop', has('latenciesMs')) as unknown as Promise<ProbeResult>,
    exit: () => void child.send('exit'),
  };
}

// ---------- the school's allowlists ----------

interface OverrideSpec {
  yearGroups?: string[];
  classes?: string[];
  pupils?: string[];
  ended?: boolean;
}

const FORMS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];
function classOf(index: number): string {
  return `${pupil(index).yearGroup.slice(1)}${FORMS[Math.floor(index / 5) % FORMS.length]}`;
}

/** A roster of 1,200 pupils in 40 classes and 20 allowlists (4 of them ended), some of which reach the probe's pupil. */
async function seedAllowlists(url: string): Promise<number> {
  const agent = new http.Agent({ keepAlive: true });
  const json = { 'content-type': 'application/json', [CSRF_HEADER]: CSRF_VALUE };
  const login = await request(agent, `${url}${DASHBOARD_API}/login`, { method: 'POST', headers: json, body: JSON.stringify(BENCH_DASHBOARD_USER) });
  const cookie = new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(String(login.headers['set-cookie'] ?? ''))?.[1];
  if (login.status !== 200 || !cookie) throw new Error(`dashboard sign-in failed: ${login.status} ${login.body}`);
  const roster = ['class,pupil'];
  for (let i = 0; i < 1200; i++) roster.push(`${classOf(i)},${pupil(i).user}`);
  const uploaded = await request(agent, `${url}${DASHBOARD_API}/rosters`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', cookie: `${SESSION_COOKIE}=${cookie}`, [CSRF_HEADER]: CSRF_VALUE },
    body: roster.join('\n'),
  });
  if (uploaded.status !== 200) throw new Error(`roster upload failed: ${uploaded.status} ${uploaded.body}`);

  const probeClass = classOf(7);
  const specs: OverrideSpec[] = [
    { yearGroups: ['Y9'] },
    { yearGroups: ['Y9', 'Y10'] },
    { yearGroups: ['Y7'] },
    { yearGroups: ['Y11'] },
    { yearGroups: ['Y8'] },
    { yearGroups: ['Y12'] },
    { yearGroups: ['Y13'] },
    { yearGroups: ['Y9'], ended: true },
    { classes: [probeClass] },
    { classes: ['7A'] },
    { classes: ['8C'], ended: true },
    { classes: ['10B', '11D', probeClass] },
    { classes: ['11A'] },
    { pupils: [PROBE_USER, pupil(12).user] },
    { pupils: Array.from({ length: 40 }, (_, i) => pupil(100 + i).user) },
    { pupils: [pupil(200).user] },
    { pupils: [PROBE_USER], ended: true },
    { yearGroups: ['Y10'], classes: ['9B'] },
    { yearGroups: ['Y7', 'Y8'], ended: true },
    { classes: ['9H'], pupils: [pupil(300).user] },
  ];
  const staff = { 'content-type': 'application/json', authorization: `Bearer ${BENCH_STAFF_TOKEN}` };
  const now = Date.now();
  for (const spec of specs) {
    const id = randomUUID();
    const created = await request(agent, `${url}/v1/overrides`, {
      method: 'POST',
      headers: staff,
      body: JSON.stringify({
        id,
        createdBy: 'teacher@school.example',
        domains: ['www.youtube.com', 'scratch.mit.edu'],
        audience: { yearGroups: spec.yearGroups ?? [], classes: spec.classes ?? [], pupils: spec.pupils ?? [] },
        reason: 'Science lesson: volcano videos and a Scratch simulation',
        startsAt: new Date(now - 60_000).toISOString(),
        endsAt: new Date(now + 100 * 60_000).toISOString(),
      }),
    });
    if (created.status !== 201) throw new Error(`creating an allowlist failed: ${created.status} ${created.body}`);
    if (spec.ended) {
      const ended = await request(agent, `${url}/v1/overrides/${id}/end`, { method: 'POST', headers: staff, body: JSON.stringify({ endedBy: 'teacher@school.example' }) });
      if (ended.status !== 200) throw new Error(`ending an allowlist failed: ${ended.status} ${ended.body}`);
    }
  }
  agent.destroy();
  // Which of them reach the probe's pupil (Y9, in probeClass), worked out here from the specs.
  return specs.filter(
    (spec) => !spec.ended && (spec.yearGroups?.includes(PROBE_YEAR_GROUP) || spec.classes?.includes(probeClass) || spec.pupils?.includes(PROBE_USER)),
  ).length;
}

function sqliteIds(dataDir: string): Set<string> {
  const db = new Database(databasePath(dataDir), { readonly: true, fileMustExist: true });
  try {
    return new Set(db.prepare('SELECT id FROM events').pluck().all() as string[]);
  } finally {
    db.close();
  }
}

/** Every id sent is in the events table, and the table holds nothing else. */
function verifyStored(stored: ReadonlySet<string>, sent: readonly PreparedBatch[]): { rows: number; missing: number; extra: number } {
  let missing = 0;
  let expected = 0;
  for (const batch of sent) {
    for (const id of batch.ids) {
      expected += 1;
      if (!stored.has(id)) missing += 1;
    }
  }
  return { rows: stored.size, missing, extra: stored.size - (expected - missing) };
}

async function runLevel(setup: Setup, clients: number, warmup: readonly PreparedBatch[], batches: readonly PreparedBatch[]) {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-ingest-'));
  const database: BenchDatabase | null = setup.engine === 'postgres' ? await createBenchDatabase() : null;
  const extraConfig = database ? { database: { engine: 'postgres', url: database.url } } : {};
  const servers: ServerProcess[] = [];
  // One after the other: the first migrates the new database.
  for (let i = 0; i < setup.processes; i++) servers.push(await startServerProcess(dataDir, extraConfig));
  const server = servers[0]!;
  const urls = servers.map((running) => running.url);
  const probe = startProbe();
  try {
    const expectedOverrides = await seedAllowlists(server.url);
    const warm = await postAll(urls, warmup, Math.min(clients, warmup.length));
    if (warm.failures.length) throw new Error(`warm-up batches refused: ${warm.failures[0]}`);

    const probeUrl = `${server.url}/v1/overrides?user=${encodeURIComponent(PROBE_USER)}&yearGroup=${PROBE_YEAR_GROUP}`;
    probe.start(probeUrl);
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    const idle = await probe.stop();
    const answered = (JSON.parse(idle.sample || '{"overrides":[]}') as { overrides: unknown[] }).overrides.length;
    if (answered !== expectedOverrides) throw new Error(`GET /v1/overrides answered ${answered} allowlists for the probe's pupil, expected ${expectedOverrides}`);

    const load = loadavg()[0]!;
    probe.start(probeUrl);
    const serversCpu = async () => (await Promise.all(servers.map((running) => running.cpuMs()))).reduce((sum, ms) => sum + ms, 0);
    const serverCpu0 = await serversCpu();
    const postgresCpu0 = database ? postgresCpuMs() : null;
    const ownCpu0 = process.cpuUsage();
    const t0 = performance.now();
    const posted = await postAll(urls, batches, clients);
    const seconds = (performance.now() - t0) / 1000;
    const ownCpu = process.cpuUsage(ownCpu0);
    const serverCpu = (await serversCpu()) - serverCpu0;
    const postgresCpu = postgresCpu0 === null ? null : (postgresCpuMs() ?? postgresCpu0) - postgresCpu0;
    const underLoad = await probe.stop();

    for (const running of servers) await running.stop();
    const stored = verifyStored(database ? await database.storedIds() : sqliteIds(dataDir), [...warmup, ...batches]);
    const events = batches.length * MAX_BATCH_EVENTS;
    const exactlyOnce = posted.failures.length === 0 && posted.accepted === events && posted.duplicates === 0 && stored.missing === 0 && stored.extra === 0;
    const row = {
      setup: setup.name,
      endpointProcesses: setup.processes,
      ...(database ? { synchronousCommit: await synchronousCommitOf(database.url) } : {}),
      // How the endpoint writes (server/src/config/ingest.ts): its defaults, as the bench starts it with none set.
      ingest: { ...ingestSchema.parse({}), writer: setup.engine === 'sqlite' ? 'a worker thread with its own connection' : "the driver's asynchronous I/O" },
      clients,
      batches: batches.length,
      events,
      seconds: round(seconds, 2),
      eventsPerSecond: Math.round(events / seconds),
      postLatencyMs: percentiles(posted.postLatenciesMs),
      overridesLatencyMs: { idle: percentiles(idle.latenciesMs), underLoad: percentiles(underLoad.latenciesMs) },
      overridesInReply: answered,
      probeFailures: [...idle.failures, ...underLoad.failures].slice(0, 5),
      // Of every endpoint process together; PostgreSQL's own processes are counted apart.
      serverCpuPercentOfOneCore: Math.round((serverCpu / (seconds * 1000)) * 100),
      ...(postgresCpu === null ? {} : { postgresCpuPercentOfOneCore: Math.round((postgresCpu / (seconds * 1000)) * 100) }),
      /** CPU each stored event cost, in µs: with a machine's cores, what bounds the rate each part could reach alone. */
      cpuMicrosPerEvent: {
        endpoint: round((serverCpu * 1000) / events, 1),
        ...(postgresCpu === null ? {} : { postgres: round((postgresCpu * 1000) / events, 1) }),
        loadGenerator: round((ownCpu.user + ownCpu.system) / events, 1),
      },
      loadGeneratorCpuPercentOfOneCore: Math.round(((ownCpu.user + ownCpu.system) / 1000 / (seconds * 1000)) * 100),
      machineLoadAverageAtStart: round(load, 2),
      rowsStored: stored.rows,
      storedExactlyOnce: exactlyOnce,
      failures: posted.failures.slice(0, 5),
    };
    const l = row.overridesLatencyMs;
    console.log(
      `${setup.name}, ${clients} client(s): ${row.eventsPerSecond.toLocaleString('en-GB')} events/s (${events.toLocaleString('en-GB')} in ${row.seconds} s, server CPU ${row.serverCpuPercentOfOneCore}% of a core${row.postgresCpuPercentOfOneCore === undefined ? '' : `, PostgreSQL ${row.postgresCpuPercentOfOneCore}%`}); ` +
        `GET /v1/overrides p50/p95/p99 ${l.underLoad.p50}/${l.underLoad.p95}/${l.underLoad.p99} ms under load vs ${l.idle.p50}/${l.idle.p95}/${l.idle.p99} ms idle; ` +
        `stored exactly once: ${exactlyOnce ? 'yes' : `NO (accepted ${posted.accepted}, duplicates ${posted.duplicates}, missing ${stored.missing}, extra ${stored.extra}, failures ${posted.failures.length})`}`,
    );
    return row;
  } finally {
    probe.exit();
    for (const running of servers) await running.stop();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const prepStarted = performance.now();
  // Batch i is pupil i's device queue: one device and user per batch, as the uploader sends.
  const batches = Array.from({ length: BATCHES }, (_, i) => prepareBatch(pupil(i), MAX_BATCH_EVENTS, i + 1));
  const warmup = Array.from({ length: WARMUP_BATCHES }, (_, i) => prepareBatch(pupil(5000 + i), MAX_BATCH_EVENTS, 5000 + i));
  const jsonBytes = batches.reduce((sum, batch) => sum + batch.jsonBytes, 0);
  const gzipBytes = batches.reduce((sum, batch) => sum + batch.body.length, 0);
  console.log(
    `prepared ${BATCHES} batches of ${MAX_BATCH_EVENTS} events in ${Math.round((performance.now() - prepStarted) / 1000)} s ` +
      `(${round(jsonBytes / (BATCHES * MAX_BATCH_EVENTS))} B/event JSON, ${round(gzipBytes / (BATCHES * MAX_BATCH_EVENTS), 1)} B/event gzipped); ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
  );

  const levels: Awaited<ReturnType<typeof runLevel>>[] = [];
  for (const setup of CHOSEN_SETUPS) for (const clients of LEVELS) levels.push(await runLevel(setup, clients, warmup, batches));

  const profile = await profileStages(batches);
  console.log(`stages, µs per event on one core: ${Object.entries(profile.microsPerEvent).map(([stage, us]) => `${stage} ${us}`).join(', ')}`);
  console.log(`insert CPU µs per event: user ${profile.insertCpuMicrosPerEvent.user}, system ${profile.insertCpuMicrosPerEvent.system}`);
  console.log(`insert what-ifs, µs per event: ${Object.entries(profile.insertWhatIf).map(([change, us]) => `${change} ${us}`).join('; ')}`);

  const best = Math.max(...levels.map((level) => level.eventsPerSecond));
  const bestPerSetup = Object.fromEntries(CHOSEN_SETUPS.map((setup) => [setup.name, Math.max(...levels.filter((level) => level.setup === setup.name).map((level) => level.eventsPerSecond))]));
  console.log(`best events/s per setup: ${Object.entries(bestPerSetup).map(([name, eps]) => `${name} ${eps.toLocaleString('en-GB')}`).join(', ')}`);
  const result = {
    small: SMALL,
    target: `≥ ${TARGET_EVENTS_PER_SECOND.toLocaleString('en-GB')} events/s stored`,
    meetsTarget: best >= TARGET_EVENTS_PER_SECOND,
    bestEventsPerSecond: best,
    bestEventsPerSecondPerSetup: bestPerSetup,
    baseline: 'GET /v1/overrides latency on the same endpoint, idle, just before the load',
    setup: {
      batchEvents: MAX_BATCH_EVENTS,
      batchesPerLevel: BATCHES,
      warmupBatches: WARMUP_BATCHES,
      bytesPerEventJson: round(jsonBytes / (BATCHES * MAX_BATCH_EVENTS), 1),
      bytesPerEventGzip: round(gzipBytes / (BATCHES * MAX_BATCH_EVENTS), 1),
      probe: `GET /v1/overrides?user=…&yearGroup=${PROBE_YEAR_GROUP} every ${PROBE_INTERVAL_MS} ms, one at a time, own process; 1,200-pupil roster in 40 classes, 20 allowlists (16 active)`,
      processes: 'endpoint(s), load generator and probe each in their own Node process; PostgreSQL (when used) on the same machine',
    },
    levels,
    stages: profile,
  };
  mergeResults(SMALL ? 'endpointIngestSmall' : 'endpointIngest', result);
  if (!SMALL) {
    keepIngestRun({ recordedAt: new Date().toISOString(), args: RUN_ARGS, ...result });
    writeIngestRunsTable();
    console.log('ingest: kept the run in bench/results/ingest-engines-runs.json and wrote the runs table into bench/README.md');
  }
  if (levels.some((level) => !level.storedExactlyOnce)) {
    console.error('FAILED: not every event was stored exactly once');
    process.exitCode = 1;
  }
}

await main();
