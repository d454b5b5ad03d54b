import { describe, expect, it } from 'vitest';
import { comparableRuns, ingestRunsTable, type IngestLevel, type IngestRun } from '../../bench/ingest/runs-report';

function level(setup: string, clients: number, eventsPerSecond: number, overridesP95: number, exactlyOnce = true): IngestLevel {
  return { setup, clients, eventsPerSecond, storedExactlyOnce: exactlyOnce, machineLoadAverageAtStart: 0.5, overridesLatencyMs: { idle: { p95: 2 }, underLoad: { p95: overridesP95, n: 100 } } };
}

function run(at: string, args: string, levels: IngestLevel[]): IngestRun {
  return { recordedAt: at, args, levels };
}

describe('the ingest runs table in bench/README.md', () => {
  it('compares only the last three runs made with the newest run’s arguments', () => {
    const runs = [
      run('2026-11-01T00:00:00Z', '--batches 320', []),
      run('2026-11-02T00:00:00Z', '--batches 40', []),
      run('2026-11-03T00:00:00Z', '--batches 320', []),
      run('2026-11-04T00:00:00Z', '--batches 320', []),
      run('2026-11-05T00:00:00Z', '--batches 320', []),
    ];
    expect(comparableRuns(runs).map((r) => r.recordedAt.slice(8, 10))).toEqual(['03', '04', '05']);
  });

  it('gives each configuration its runs, median and spread, and names the best against both targets', () => {
    const runs = [
      run('2026-11-03T10:00:00Z', '--x', [level('sqlite', 4, 21_000, 30), level('postgres', 4, 12_000, 10)]),
      run('2026-11-03T11:00:00Z', '--x', [level('sqlite', 4, 20_500, 45), level('postgres', 4, 13_000, 11)]),
      run('2026-11-03T12:00:00Z', '--x', [level('sqlite', 4, 22_000, 40), level('postgres', 4, 12_500, 12, false)]),
    ];
    const table = ingestRunsTable(runs);
    expect(table).toContain('| SQLite, one process | 4 | 21,000 / 20,500 / 22,000 | **21,000** (20,500-22,000) | yes, every run | 30 / 45 / 40 ms |');
    expect(table).toContain('| PostgreSQL, one process | 4 | 12,000 / 13,000 / 12,500 | **12,500** (12,000-13,000) | **no** |');
    expect(table).toContain('SQLite, one process at 4 clients, 21,000 (20,500-22,000 over 3 runs): at or above the 20,000 target in every run');
    expect(table).toContain('p95 under that load 30-45 ms, under the 50 ms target in every run');
    expect(table).toContain('Both targets met in every run by: SQLite, one process at 4.');
  });

  it('says when a configuration misses a target in any run, and when there are too few runs for a spread', () => {
    const runs = [run('2026-11-03T10:00:00Z', '--x', [level('sqlite', 16, 19_999, 60)]), run('2026-11-03T11:00:00Z', '--x', [level('sqlite', 16, 25_000, 20)])];
    const table = ingestRunsTable(runs);
    expect(table).toContain('(too few for a spread: three are needed)');
    expect(table).toContain('not at or above the 20,000 target in every run');
    expect(table).toContain('not under the 50 ms target in every run');
    expect(table).toContain('No configuration met both targets in every run.');
  });

  it('gives the CPU each event cost the endpoint and PostgreSQL, as the median of the runs that recorded it', () => {
    const withCpu = (endpoint: number, postgres: number) => ({ ...level('postgres-2', 4, 14_000, 12), cpuMicrosPerEvent: { endpoint, postgres } });
    const runs = [run('2026-11-03T10:00:00Z', '--x', [withCpu(50, 30)]), run('2026-11-03T11:00:00Z', '--x', [withCpu(70, 20)]), run('2026-11-03T12:00:00Z', '--x', [withCpu(60, 25)])];
    expect(ingestRunsTable(runs)).toMatch(/\| PostgreSQL, two processes \| 4 \|.*\| 60 \/ 25 \|$/m);
    // 1e6 / 60 µs and 1e6 / 25 µs.
    expect(ingestRunsTable(runs)).toContain('PostgreSQL, two processes (at 4 clients): a core of endpoint process 16,667 events/s, a core of PostgreSQL 40,000 events/s');
    expect(ingestRunsTable([run('2026-11-03T10:00:00Z', '--x', [level('sqlite', 1, 1, 1)])])).toMatch(/\| not recorded \|$/m);
  });
});
