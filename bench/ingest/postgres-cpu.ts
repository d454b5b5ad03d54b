/**
 * CPU time of PostgreSQL's own processes (postmaster, its backends, WAL writer, checkpointer), read from
 * /proc, so a level can say what each event cost the database as well as the endpoint: that split is what
 * tells where the limit moves when PostgreSQL gets a machine of its own. Linux only; elsewhere null.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let ticksPerSecond: number | null = null;
function clockTicks(): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return ticksPerSecond;
}

/** utime + stime of one process in ms, if it is one of PostgreSQL's; null otherwise (or gone). */
function postgresCpuMsOf(pid: string): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name sits in parentheses and may hold spaces: fields are counted after the last ')'.
    const close = stat.lastIndexOf(')');
    if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') return null;
    const fields = stat.slice(close + 2).split(' ');
    // After the name: state is field 3, so utime (14) and stime (15) are at 11 and 12 here.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks();
  } catch {
    return null;
  }
}

/**
 * Every PostgreSQL process's CPU so far, in ms; null where /proc cannot be read. A backend that ends between
 * two readings takes its CPU with it, so levels read it while their connections are still open.
 */
export function postgresCpuMs(): number | null {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  return pids.reduce((sum, pid) => sum + (postgresCpuMsOf(pid) ?? 0), 0);
}
