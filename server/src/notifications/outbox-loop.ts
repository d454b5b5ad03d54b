/**
 * Sends what the outbox holds. One pass at a time: before each, `beforePass` may queue more (the digest);
 * then every due message is claimed (its next attempt pushed past a lease), sent, and marked sent or
 * given its next attempt. A pass runs at once when something is queued (`kick`: an alert does not wait for
 * a poll), at the soonest retry, and at least every `pollMs` (the digest's hour, a moved test clock).
 *
 * Delivery is at least once. A message is marked sent right after the SMTP server or the webhook took it;
 * a crash between the two leaves it claimed and unmarked, its lease runs out, and it is sent again: a
 * possible duplicate (the webhook's delivery id lets a receiver drop it), never a loss. A message is never
 * sent again once marked.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { NotificationStore, OutboxMessage } from '../store/store';
import { retryDelayMs } from './backoff';

/** Longer than an attempt can take (SMTP and webhook timeouts are seconds), so only a crashed attempt's lease runs out. */
export const LEASE_MS = 5 * 60_000;
const BATCH = 20;

export interface OutboxLoopOptions {
  store: NotificationStore;
  /** Throws when the message was not taken. */
  deliver(message: OutboxMessage, at: Date): Promise<void>;
  beforePass(): Promise<void>;
  now: () => Date;
  log: FastifyBaseLogger;
  pollMs: number;
}

export interface OutboxLoop {
  /** Run a pass now (or straight after the one in progress). */
  kick(): void;
  /** No new pass starts; waits for the one in progress. */
  stop(): Promise<void>;
}

export function startOutboxLoop(options: OutboxLoopOptions): OutboxLoop {
  const { store, now, log } = options;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  const attempt = async (message: OutboxMessage) => {
    try {
      await options.deliver(message, now());
    } catch (error) {
      const next = new Date(now().getTime() + retryDelayMs(message.attempts));
      await store.markFailed(message.id, (error as Error).message ?? String(error), next);
      log.warn({ id: message.id, kind: message.kind, channel: message.payload.channel, attempts: message.attempts, nextAttemptAt: next.toISOString(), err: error }, 'notification not delivered; will retry');
      return;
    }
    // See the header: a crash before this line means a possible duplicate, never a loss.
    await store.markSent(message.id, now());
    log.info({ id: message.id, kind: message.kind, channel: message.payload.channel, attempts: message.attempts }, 'notification delivered');
  };

  const pass = async () => {
    await options.beforePass();
    while (!stopped) {
      const at = now();
      const claimed = await store.claimDue(at, new Date(at.getTime() + LEASE_MS), BATCH);
      if (claimed.length === 0) break;
      for (const message of claimed) await attempt(message);
    }
    if (stopped) return;
    const next = await store.nextAttemptAt();
    const wait = next === null ? options.pollMs : Math.max(0, Math.min(options.pollMs, next.getTime() - now().getTime()));
    schedule(wait);
  };

  const schedule = (ms: number) => {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(run, ms);
  };

  function run(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = pass()
      .catch((error: unknown) => {
        log.error({ err: error }, 'notification pass failed');
        schedule(options.pollMs);
      })
      .finally(() => {
        running = null;
        if (again && !stopped) {
          again = false;
          run();
        }
      });
  }

  run();
  return {
    kick: () => run(),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      while (running) await running;
    },
  };
}
