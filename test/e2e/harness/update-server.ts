/**
 * The school's self-hosted update server, on loopback: serves update.xml and
 * the CRX from a directory, with the content type Chrome expects, and records
 * what Chrome fetched.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, join } from 'node:path';
import type { ExtensionSession } from './browser';

export interface UpdateServer {
  baseUrl: string;
  dir: string;
  fetched: string[];
  close(): Promise<void>;
}

const TYPES: Record<string, string> = { '.xml': 'text/xml', '.crx': 'application/x-chrome-extension' };

export async function startUpdateServer(dir: string): Promise<UpdateServer> {
  const fetched: string[] = [];
  const server = http.createServer((req, res) => {
    const name = basename(new URL(req.url ?? '/', 'http://x').pathname);
    fetched.push(name);
    const type = TYPES[name.slice(name.lastIndexOf('.'))];
    try {
      const body = readFileSync(join(dir, name));
      res.writeHead(200, { 'content-type': type ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    dir,
    fetched,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const ROOT = join(import.meta.dirname, '..', '..', '..');

/** Runs `scripts/package.ts` (what `npm run package` runs after the build) and returns the id it printed. */
export function packageExtension(options: { from?: string; out: string; baseUrl: string; version: string }): string {
  // dist/ is the test build (the install test drives the worker's handle), which on a machine without the
  // lists cache (CI) holds the seed lists only: packaging refuses both unless told.
  const args = ['--import', 'tsx', join(ROOT, 'scripts', 'package.ts'), '--out', options.out, '--base-url', options.baseUrl, '--version', options.version, '--test-build', '--allow-seed-lists'];
  if (options.from) args.push('--from', options.from);
  const printed = execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const id = /extension id: ([a-p]{32})/.exec(printed)?.[1];
  if (!id) throw new Error(`package printed no extension id:\n${printed}`);
  return id;
}

/** The running version; null while the worker is being replaced (a call on the old one may never answer). */
export async function runningVersion(session: ExtensionSession): Promise<string | null> {
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), 3000));
  return Promise.race([session.evaluateInWorker(() => chrome.runtime.getManifest().version).catch(() => null), timeout]);
}

/** Waits until the installed extension runs `version`; past `ms`, throws what `explain` says. */
export async function waitForVersion(session: ExtensionSession, version: string, ms: number, explain: (running: string | null) => Promise<string>): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const running = await runningVersion(session);
    if (running === version) return;
    if (Date.now() > deadline) throw new Error(await explain(running));
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
