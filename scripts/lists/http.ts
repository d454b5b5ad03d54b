/**
 * HTTP for the lists: one GET with a deadline for the answer to start and
 * another for the whole body, and failures sorted into the two kinds the
 * build treats differently:
 * - `unreachable`: no connection, no answer in time, or a server that says it
 *   cannot answer now (429, 5xx). Offline, in short: a production build falls
 *   back to the seed lists.
 * - `refused`: the server answered, and the answer is wrong (404 for a pinned
 *   file, other 4xx). The lock or the upstream is wrong: never quietly skipped.
 */
export type FetchFailureKind = 'unreachable' | 'refused';

export class FetchFailure extends Error {
  constructor(
    readonly kind: FetchFailureKind,
    readonly url: string,
    reason: string,
  ) {
    super(`${url}: ${reason}`);
  }
}

export interface Deadlines {
  /** Until the response starts. */
  answerMs: number;
  /** For the whole transfer. */
  totalMs: number;
}

/** `npm run lists` run by a person: patient. */
export const PATIENT: Deadlines = { answerMs: 30_000, totalMs: 300_000 };
/** The fetch a production build starts by itself: gives up soon when offline. */
export const QUICK: Deadlines = { answerMs: 8_000, totalMs: 120_000 };

// Larger than any list in the set by far; stops a runaway answer filling the disk.
const MAX_BYTES = 256 * 1024 * 1024;

export async function getBytes(url: string, deadlines: Deadlines, headers: Record<string, string> = {}): Promise<Uint8Array> {
  const controller = new AbortController();
  const total = setTimeout(() => controller.abort(new Error(`no complete answer within ${deadlines.totalMs / 1000} s`)), deadlines.totalMs);
  const answer = setTimeout(() => controller.abort(new Error(`no answer within ${deadlines.answerMs / 1000} s`)), deadlines.answerMs);
  try {
    let response: Response;
    try {
      response = await fetch(url, { headers: { 'user-agent': 'school-filter-lists', ...headers }, signal: controller.signal, redirect: 'follow' });
    } catch (error) {
      throw new FetchFailure('unreachable', url, describe(error, controller.signal));
    } finally {
      clearTimeout(answer);
    }
    if (!response.ok) {
      const kind = response.status === 429 || response.status >= 500 ? 'unreachable' : 'refused';
      await response.body?.cancel().catch(() => {});
      throw new FetchFailure(kind, url, `HTTP ${response.status} ${response.statusText}`.trim());
    }
    try {
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (bytes.length > MAX_BYTES) throw new FetchFailure('refused', url, `answer larger than ${MAX_BYTES} bytes`);
      return bytes;
    } catch (error) {
      if (error instanceof FetchFailure) throw error;
      throw new FetchFailure('unreachable', url, describe(error, controller.signal));
    }
  } finally {
    clearTimeout(total);
    clearTimeout(answer);
  }
}

export async function getJson(url: string, deadlines: Deadlines): Promise<unknown> {
  const bytes = await getBytes(url, deadlines, { accept: 'application/vnd.github+json' });
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new FetchFailure('refused', url, 'the answer is not JSON');
  }
}

function describe(error: unknown, signal: AbortSignal): string {
  if (signal.aborted) return (signal.reason as Error).message;
  const cause = (error as Error & { cause?: Error & { code?: string } }).cause;
  return cause?.code ? `${cause.code}${cause.message ? ` (${cause.message})` : ''}` : ((cause ?? (error as Error)).message ?? String(error));
}
