/**
 * The endpoint benchmarks' processes and load: the real endpoint in a child process of its own (so the
 * load generator never takes its event loop), IPC replies, plain HTTP requests, and N clients posting
 * prepared batches back to back.
 */
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { join } from 'node:path';
import type { PreparedBatch } from './synthetic-events';
import { BENCH_DEVICE_TOKEN } from './tokens';

export function forkChild(script: string): ChildProcess {
  return fork(join(import.meta.dirname, script), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

export function reply<T>(child: ChildProcess, message: unknown, accept: (reply: unknown) => reply is T): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (received: unknown) => {
      if (!accept(received)) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(received);
    };
    const onExit = (code: number | null) => reject(new Error(`child process exited (${code}) before replying`));
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send(message as never);
  });
}

export const has = <K extends string>(key: K) => (value: unknown): value is Record<K, never> => typeof value === 'object' && value !== null && key in value;

export interface ServerProcess {
  url: string;
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

export async function startServerProcess(dataDir: string, extraConfig: Record<string, unknown> = {}): Promise<ServerProcess> {
  const child = forkChild('server-process.ts');
  const { url } = (await reply(child, { dataDir, extraConfig }, has('url'))) as unknown as { url: string };
  let stopped = false;
  return {
    url,
    async cpuMs() {
      const { cpu } = (await reply(child, 'cpu', has('cpu'))) as unknown as { cpu: NodeJS.CpuUsage };
      return (cpu.user + cpu.system) / 1000;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await reply(child, 'stop', (value): value is 'stopped' => value === 'stopped');
    },
  };
}

export function request(agent: http.Agent, url: string, init: { method: string; headers: Record<string, string | number>; body?: Buffer | string }): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const outgoing = http.request({ agent, host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: init.method, headers: init.headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: response.headers }));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(init.body);
  });
}

export interface LoadResult {
  accepted: number;
  duplicates: number;
  failures: string[];
  postLatenciesMs: number[];
}

/** `url`: one endpoint, or several behind which the batches are spread in turn (as a round-robin load balancer would). */
export async function postAll(url: string | readonly string[], batches: readonly PreparedBatch[], clients: number): Promise<LoadResult> {
  const urls = typeof url === 'string' ? [url] : url;
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const result: LoadResult = { accepted: 0, duplicates: 0, failures: [], postLatenciesMs: [] };
  let next = 0;
  const client = async () => {
    for (let i = next++; i < batches.length; i = next++) {
      const batch = batches[i]!;
      const started = performance.now();
      try {
        const response = await request(agent, `${urls[i % urls.length]}/v1/events`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${BENCH_DEVICE_TOKEN}`,
            'content-type': 'application/json',
            'content-encoding': 'gzip',
            'content-length': batch.body.length,
          },
          body: batch.body,
        });
        result.postLatenciesMs.push(performance.now() - started);
        if (response.status !== 200) {
          result.failures.push(`HTTP ${response.status}: ${response.body.slice(0, 300)}`);
          continue;
        }
        const receipt = JSON.parse(response.body) as { accepted: number; duplicates: number };
        result.accepted += receipt.accepted;
        result.duplicates += receipt.duplicates;
      } catch (error) {
        result.failures.push(String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  agent.destroy();
  return result;
}

