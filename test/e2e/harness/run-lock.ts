/**
 * Managed policy files are machine-wide, so two e2e runs on one machine (a
 * developer's run beside a CI clone, say) would read each other's policies.
 * A lock file held for the whole run keeps them apart: a second run waits.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const LOCK = join(tmpdir(), 'school-filter-e2e.lock');

function holderAlive(): boolean {
  try {
    const pid = Number(readFileSync(LOCK, 'utf8'));
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether the lock is this run's: held by this process (vitest's main process) or its parent (a test
 * worker the main process forked). A run still waiting for the lock is not the holder.
 */
export function lockHeldByThisRun(): boolean {
  try {
    const pid = Number(readFileSync(LOCK, 'utf8'));
    return pid === process.pid || pid === process.ppid;
  } catch {
    return false;
  }
}

export async function acquireRunLock(timeoutMs = 20 * 60_000): Promise<() => void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const fd = openSync(LOCK, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(LOCK, { force: true });
    } catch {
      if (!holderAlive()) {
        rmSync(LOCK, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`another e2e run holds ${LOCK}; gave up waiting`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}
