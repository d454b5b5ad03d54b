/**
 * The ingest benchmark's runs, kept and tabled: each full run (not `--small`) is appended to
 * bench/results/ingest-engines-runs.json, and bench/README.md's engines table is written from the last
 * three runs made with the same arguments, so every figure there comes from runs and carries its spread.
 * `npx tsx bench/ingest/runs-report.ts` rewrites the table from the file alone.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeReadmeBlock } from '../lib/readme-block';

export const INGEST_RUNS_FILE = join(import.meta.dirname, '..', 'results', 'ingest-engines-runs.json');
export const START = '<!-- ingest runs: written by bench/endpoint-ingest.ts (bench/ingest/runs-report.ts) from results/ingest-engines-runs.json -->';
export const END = '<!-- end of ingest runs -->';

/** The part of a level the table reads; the file keeps everything the run recorded. */
export interface IngestLevel {
  setup: string;
  clients: number;
  eventsPerSecond: number;
  storedExactlyOnce: boolean;
  machineLoadAverageAtStart: number;
  overridesLatencyMs: { idle: { p95: number }; underLoad: { p95: number; n: number } };
  /** Runs before 2026-11-30 10:00 did not record it. */
  cpuMicrosPerEvent?: { endpoint: number; postgres?: number };
}

export interface IngestRun {
  recordedAt: string;
  args: string;
  levels: IngestLevel[];
}

/** What the issue asks of the best configuration. */
export const TARGET_EVENTS_PER_SECOND = 20_000;
export const TARGET_OVERRIDES_P95_MS = 50;

export function readIngestRuns(path = INGEST_RUNS_FILE): IngestRun[] {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as IngestRun[]) : [];
}

export function keepIngestRun(run: IngestRun, path = INGEST_RUNS_FILE): IngestRun[] {
  const runs = [...readIngestRuns(path), run];
  writeFileSync(path, `${JSON.stringify(runs, null, 1)}\n`);
  return runs;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const count = (n: number) => Math.round(n).toLocaleString('en-GB');
const millis = (n: number) => (n < 10 ? n.toFixed(1) : String(Math.round(n)));
const spreadOf = (values: readonly number[], format: (n: number) => string) => `${format(Math.min(...values))}-${format(Math.max(...values))}`;

const SETUP_WORDS: Record<string, string> = {
  sqlite: 'SQLite, one process',
  postgres: 'PostgreSQL, one process',
  'postgres-2': 'PostgreSQL, two processes',
};

/** The last three runs with the newest run's arguments: runs of another size are not comparable. */
export function comparableRuns(runs: readonly IngestRun[]): IngestRun[] {
  const newest = runs.at(-1);
  return newest ? runs.filter((run) => run.args === newest.args).slice(-3) : [];
}

const cpuCell = (row: Row) =>
  row.endpointCpu.length === 0 ? 'not recorded' : `${median(row.endpointCpu).toFixed(0)}${row.postgresCpu.length ? ` / ${median(row.postgresCpu).toFixed(0)}` : ''}`;

interface Row {
  setup: string;
  clients: number;
  eventsPerSecond: number[];
  overridesP95: number[];
  idleP95: number[];
  endpointCpu: number[];
  postgresCpu: number[];
  exactlyOnce: boolean;
}

function rowsOf(runs: readonly IngestRun[]): Row[] {
  const rows = new Map<string, Row>();
  for (const run of runs) {
    for (const level of run.levels) {
      const key = `${level.setup}|${level.clients}`;
      const row = rows.get(key) ?? { setup: level.setup, clients: level.clients, eventsPerSecond: [], overridesP95: [], idleP95: [], endpointCpu: [], postgresCpu: [], exactlyOnce: true };
      row.eventsPerSecond.push(level.eventsPerSecond);
      row.overridesP95.push(level.overridesLatencyMs.underLoad.p95);
      row.idleP95.push(level.overridesLatencyMs.idle.p95);
      if (level.cpuMicrosPerEvent) row.endpointCpu.push(level.cpuMicrosPerEvent.endpoint);
      if (level.cpuMicrosPerEvent?.postgres !== undefined) row.postgresCpu.push(level.cpuMicrosPerEvent.postgres);
      row.exactlyOnce &&= level.storedExactlyOnce;
      rows.set(key, row);
    }
  }
  return [...rows.values()];
}

/** The configuration (setup and clients) with the highest median events/s across the runs, and whether it meets both targets in every run. */
function verdict(rows: readonly Row[], runCount: number): string {
  if (rows.length === 0) return 'No runs yet.';
  const best = [...rows].sort((a, b) => median(b.eventsPerSecond) - median(a.eventsPerSecond))[0]!;
  const everyRunFast = Math.min(...best.eventsPerSecond) >= TARGET_EVENTS_PER_SECOND;
  const everyRunResponsive = Math.max(...best.overridesP95) < TARGET_OVERRIDES_P95_MS;
  const both = rows.filter((row) => Math.min(...row.eventsPerSecond) >= TARGET_EVENTS_PER_SECOND && Math.max(...row.overridesP95) < TARGET_OVERRIDES_P95_MS);
  return [
    `Best median events/s: ${SETUP_WORDS[best.setup] ?? best.setup} at ${best.clients} client${best.clients === 1 ? '' : 's'}, ${count(median(best.eventsPerSecond))} (${spreadOf(best.eventsPerSecond, count)} over ${runCount} run${runCount === 1 ? '' : 's'}): ` +
      `${everyRunFast ? 'at or above' : 'not at or above'} the ${count(TARGET_EVENTS_PER_SECOND)} target in every run, and \`GET /v1/overrides\` p95 under that load ${spreadOf(best.overridesP95, millis)} ms, ` +
      `${everyRunResponsive ? 'under' : 'not under'} the ${TARGET_OVERRIDES_P95_MS} ms target in every run.`,
    both.length
      ? `Both targets met in every run by: ${both.map((row) => `${SETUP_WORDS[row.setup] ?? row.setup} at ${row.clients}`).join('; ')}.`
      : 'No configuration met both targets in every run.',
  ].join(' ');
}

/**
 * Where the limit moves with more cores: what one core of its own would give each part, from the CPU each event
 * cost it (the median of the runs) at the setup's fastest level. Only the setups that recorded it.
 */
function perCore(rows: readonly Row[]): string {
  const measured = rows.filter((row) => row.endpointCpu.length > 0);
  const setups = [...new Set(measured.map((row) => row.setup))];
  const lines = setups.map((setup) => {
    const best = measured.filter((row) => row.setup === setup).sort((a, b) => median(b.eventsPerSecond) - median(a.eventsPerSecond))[0]!;
    const endpoint = 1e6 / median(best.endpointCpu);
    const database = best.postgresCpu.length ? 1e6 / median(best.postgresCpu) : null;
    return `${SETUP_WORDS[setup] ?? setup} (at ${best.clients} clients): a core of endpoint process ${count(endpoint)} events/s${database === null ? '' : `, a core of PostgreSQL ${count(database)} events/s`}`;
  });
  return lines.length ? `CPU per event turned into events/s per core of its own (disk and locks aside): ${lines.join('; ')}.` : '';
}

export function ingestRunsTable(allRuns: readonly IngestRun[]): string {
  const runs = comparableRuns(allRuns);
  const rows = rowsOf(runs);
  const loads = runs.flatMap((run) => run.levels.map((level) => level.machineLoadAverageAtStart));
  return [
    START,
    runs.length
      ? `${runs.length} run${runs.length === 1 ? '' : 's'} of \`npm run bench:ingest -- ${runs[0]!.args}\`, ${runs.map((run) => run.recordedAt.slice(0, 16).replace('T', ' ')).join(', ')} UTC${runs.length < 3 ? ' (too few for a spread: three are needed)' : ''}; load average at each level's start ${spreadOf(loads, (n) => n.toFixed(2))}.`
      : 'No runs yet.',
    '',
    '| setup | clients | events/s per run | median (spread) | stored exactly once | `GET /v1/overrides` p95 under load, per run | idle p95 (baseline) | CPU µs per event: endpoint / PostgreSQL (median) |',
    '|---|---:|---|---|---|---|---|---|',
    ...rows.map(
      (row) =>
        `| ${SETUP_WORDS[row.setup] ?? row.setup} | ${row.clients} | ${row.eventsPerSecond.map(count).join(' / ')} | **${count(median(row.eventsPerSecond))}** (${spreadOf(row.eventsPerSecond, count)}) | ${row.exactlyOnce ? 'yes, every run' : '**no**'} | ${row.overridesP95.map(millis).join(' / ')} ms | ${spreadOf(row.idleP95, millis)} ms | ${cpuCell(row)} |`,
    ),
    '',
    verdict(rows, runs.length),
    ...(perCore(rows) ? ['', perCore(rows)] : []),
    END,
  ].join('\n');
}

export function writeIngestRunsTable(runs: readonly IngestRun[] = readIngestRuns()): void {
  writeReadmeBlock(START, END, ingestRunsTable(runs));
}

if (process.argv[1]?.endsWith('runs-report.ts')) {
  writeIngestRunsTable();
  console.log('ingest: wrote the runs table into bench/README.md');
}
