/**
 * The latency probe for `bench:ingest`, in a process of its own so neither
 * the server nor the load generator's busy event loop inflates what it
 * measures: one keep-alive connection, one GET at a time, paced at a fixed
 * interval (a school's devices asking for their allowlists), each timed from
 * sending the request to the last byte of the reply.
 *
 *   parent -> child  { url, token, intervalMs }   start probing
 *   parent -> child  'stop'                        replies { latenciesMs, failures, sample }
 *   parent -> child  'exit'
 */
import http from 'node:http';

interface Start {
  url: string;
  token: string;
  intervalMs: number;
}

export interface ProbeResult {
  latenciesMs: number[];
  failures: string[];
  /** One reply body, to check what was answered. */
  sample: string;
}

let stopping: (() => void) | null = null;

function get(agent: http.Agent, url: URL, token: string): Promise<{ status: number; body: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = http.request(
      { agent, host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method: 'GET', headers: { authorization: `Bearer ${token}` } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end();
  });
}

async function probe(start: Start): Promise<ProbeResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const url = new URL(start.url);
  const result: ProbeResult = { latenciesMs: [], failures: [], sample: '' };
  let stop = false;
  stopping = () => void (stop = true);
  let next = performance.now();
  while (!stop) {
    try {
      const reply = await get(agent, url, start.token);
      if (reply.status === 200) {
        result.latenciesMs.push(reply.ms);
        result.sample ||= reply.body;
      } else result.failures.push(`HTTP ${reply.status}: ${reply.body.slice(0, 200)}`);
    } catch (error) {
      result.failures.push(String(error));
    }
    next += start.intervalMs;
    const wait = next - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    else next = performance.now();
  }
  agent.destroy();
  return result;
}

let current: Promise<ProbeResult> | null = null;

process.on('message', (message: Start | 'stop' | 'exit') => {
  if (message === 'exit') process.exit(0);
  if (message === 'stop') {
    stopping?.();
    void current?.then((result) => process.send?.(result));
    return;
  }
  current = probe(message);
});
