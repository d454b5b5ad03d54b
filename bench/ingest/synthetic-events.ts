/**
 * Event batches shaped like a pupil's device queue: one device and one user
 * per batch (the uploader sends its own queue), the default logging detail
 * (`domain`: hosts and search terms, no full URLs), a mix of navigations,
 * searches, blocks, warnings and heartbeats. Every event has a fresh UUID, so
 * a run can check that each one was stored exactly once.
 *
 * The shapes are the extension's own (src/events/model.ts); the bench checks
 * every batch against `eventBatchSchema` before it is sent, so a change to
 * the model cannot make the bench measure refusals.
 */
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { FilterEvent } from '../../src/events/model';
import { eventBatchSchema, MAX_BATCH_BYTES } from '../../src/events/wire';
import type { YearGroup } from '../../src/policy/year-groups';
import type { CategoryId } from '../../src/shared/categories';

const HOSTS = [
  'www.bbc.co.uk', 'www.google.com', 'classroom.google.com', 'docs.google.com', 'www.youtube.com', 'en.wikipedia.org',
  'www.senecalearning.com', 'www.mathsisfun.com', 'www.khanacademy.org', 'quizlet.com', 'www.sparxmaths.uk',
  'www.nationalgeographic.com', 'www.gov.uk', 'www.oakacademy.org.uk', 'www.duolingo.com', 'www.canva.com',
  'scratch.mit.edu', 'www.timestables.co.uk', 'www.britannica.com', 'www.bitesize-revision.example',
];
const SEARCHES = ['volcano eruption facts', 'photosynthesis equation', 'romeo and juliet act 3 summary', 'how to solve quadratic equations', 'causes of ww1', 'french verbs present tense', 'periodic table song', 'what is a haiku'];
const BLOCKED: { host: string; category: CategoryId }[] = [
  { host: 'www.tiktok.com', category: 'social' },
  { host: 'www.roblox.com', category: 'games' },
  { host: 'discord.com', category: 'chat' },
  { host: 'www.pornhub.com', category: 'adult' },
  { host: 'www.bet365.com', category: 'gambling' },
];
const WARNED: { host: string; category: CategoryId }[] = [
  { host: 'chatgpt.com', category: 'ai' },
  { host: 'www.instagram.com', category: 'social' },
];

export interface Pupil {
  user: string;
  yearGroup: YearGroup;
  device: { directoryId: string; serialNumber: string; assetId: string };
}

export function pupil(index: number): Pupil {
  const yearGroups: YearGroup[] = ['Y7', 'Y8', 'Y9', 'Y10', 'Y11'];
  return {
    user: `pupil${index}@school.example`,
    yearGroup: yearGroups[index % yearGroups.length]!,
    device: {
      directoryId: randomUUID(),
      serialNumber: `5CD${(100000 + index).toString(36).toUpperCase()}X`,
      assetId: `CB-${String(index).padStart(5, '0')}`,
    },
  };
}

/** A deterministic pseudo-random sequence, so every run sends the same mix. */
function sequence(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

export function batchOf(who: Pupil, size: number, seed: number, start = Date.now() - 60 * 60_000): FilterEvent[] {
  const random = sequence(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
  const events: FilterEvent[] = [];
  let time = start;
  while (events.length < size) {
    time += Math.floor(2_000 + random() * 20_000);
    const base = {
      id: randomUUID(),
      time: new Date(time).toISOString(),
      user: who.user,
      device: who.device,
      yearGroup: who.yearGroup,
      role: 'pupil' as const,
      extensionVersion: '0.1.0',
    };
    const roll = random();
    if (roll < 0.7) {
      events.push({ ...base, type: 'navigation', host: pick(HOSTS) });
    } else if (roll < 0.85) {
      events.push({ ...base, type: 'navigation', host: 'www.google.com' });
      if (events.length < size) events.push({ ...base, id: randomUUID(), type: 'search', engine: 'google', query: pick(SEARCHES), host: 'www.google.com' });
    } else if (roll < 0.94) {
      const stopped = pick(BLOCKED);
      events.push({ ...base, type: 'block', category: stopped.category, host: stopped.host });
    } else if (roll < 0.98) {
      const warned = pick(WARNED);
      events.push({ ...base, type: 'warn', category: warned.category, host: warned.host });
    } else {
      events.push({
        ...base,
        type: 'heartbeat',
        policyHash: 'a3f1c9e0b7d24f5e8a6b1c3d9e7f0a2b4c6d8e0f1a3b5c7d9e1f3a5b7c9d1e3f',
        enabledRulesets: 14,
        dynamicRules: 9,
        queueDepth: Math.floor(random() * 400),
      });
    }
  }
  return events;
}

export interface PreparedBatch {
  ids: string[];
  /** The gzipped JSON body, exactly as sent. */
  body: Buffer;
  jsonBytes: number;
}

/** Builds, validates and gzips a batch (the extension gzips at the default level too). */
export function prepareBatch(who: Pupil, size: number, seed: number): PreparedBatch {
  const events = batchOf(who, size, seed);
  const parsed = eventBatchSchema.safeParse({ events });
  if (!parsed.success) throw new Error(`the bench's synthetic batch is not valid: ${parsed.error.message.slice(0, 500)}`);
  const json = JSON.stringify({ events });
  const jsonBytes = Buffer.byteLength(json);
  if (jsonBytes > MAX_BATCH_BYTES) throw new Error(`synthetic batch of ${jsonBytes} bytes is over the endpoint's cap`);
  return { ids: events.map((event) => event.id), body: gzipSync(json), jsonBytes };
}
