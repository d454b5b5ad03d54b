/** Group commit across requests (server/src/store/group-commit.ts), with a writer the test controls. */
import { describe, expect, it } from 'vitest';
import type { FilterEvent } from '../../src/events/model';
import { groupCommitter, takeGroup, type BatchCounts, type PendingBatch } from '../../server/src/store/group-commit';
import type { Receipt } from '../../server/src/store/store';
import { StoreUnavailableError } from '../../server/src/store/unavailable';

const receipt: Receipt = { receivedAt: new Date('2026-03-02T09:00:00.000Z'), clientIp: '10.0.0.1', tokenLabel: 'pupils', tokenScope: 'device' };
/** A batch of `size` events; only their count and first id matter to the committer. */
const batch = (name: string, size: number) => Array.from({ length: size }, (_, index) => ({ id: `${name}-${index}` }) as FilterEvent);
const nameOf = (pending: PendingBatch) => pending.events[0]!.id.split('-')[0]!;
/** Two turns of the event loop: an answered group lets the next be taken a turn after its answer. */
const turn = async () => {
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
};

/** A writer whose groups the test finishes by hand, recording each group's batch names. */
function heldWriter() {
  const groups: string[][] = [];
  const finish: (() => void)[] = [];
  const write = (group: readonly PendingBatch[]) => {
    groups.push(group.map(nameOf));
    return new Promise<BatchCounts[]>((resolve) => finish.push(() => resolve(group.map((pending) => ({ accepted: pending.events.length, duplicates: 0 })))));
  };
  return { groups, write, finishNext: () => finish.shift()!() };
}

describe('takeGroup', () => {
  it('takes whole batches from the head within the size, and always at least one', () => {
    const queue = [{ events: batch('a', 300) }, { events: batch('b', 200) }, { events: batch('c', 100) }];
    expect(takeGroup(queue, 500).map((pending) => pending.events.length)).toEqual([300, 200]);
    expect(queue).toHaveLength(1);
    expect(takeGroup([{ events: batch('d', 900) }], 500)).toHaveLength(1);
  });
});

describe('groupCommitter', () => {
  const limits = { maxGroupEvents: 1000, maxQueuedEvents: 1000 };

  it('writes the batches that arrive while a group is written together in the next group, each answered with its own counts', async () => {
    const writer = heldWriter();
    const commit = groupCommitter(writer.write, limits);
    const a = commit.submit(batch('a', 10), receipt);
    await turn();
    const rest = [commit.submit(batch('b', 20), receipt), commit.submit(batch('c', 30), receipt)];
    await turn();
    expect(writer.groups).toEqual([['a']]);
    writer.finishNext();
    expect(await a).toEqual({ accepted: 10, duplicates: 0 });
    await turn();
    expect(writer.groups).toEqual([['a'], ['b', 'c']]);
    writer.finishNext();
    expect(await Promise.all(rest)).toEqual([{ accepted: 20, duplicates: 0 }, { accepted: 30, duplicates: 0 }]);
    await commit.idle();
  });

  it('refuses a batch that would take the waiting events past the limit, as unavailable, and takes any batch into an empty queue', async () => {
    const writer = heldWriter();
    const commit = groupCommitter(writer.write, { maxGroupEvents: 500, maxQueuedEvents: 500 });
    const first = commit.submit(batch('a', 400), receipt);
    await turn();
    const waiting = commit.submit(batch('b', 400), receipt);
    await expect(commit.submit(batch('c', 200), receipt)).rejects.toBeInstanceOf(StoreUnavailableError);
    writer.finishNext();
    await first;
    await turn();
    writer.finishNext();
    await waiting;
    // Empty again: a batch bigger than the queue's limit is still taken.
    const big = commit.submit(batch('d', 900), receipt);
    await turn();
    writer.finishNext();
    expect(await big).toEqual({ accepted: 900, duplicates: 0 });
  });

  it('writes a refused group again batch by batch, so only the batch the database refuses fails', async () => {
    const groups: string[][] = [];
    const commit = groupCommitter(async (group) => {
      groups.push(group.map(nameOf));
      if (group.some((pending) => nameOf(pending) === 'bad')) throw new Error('refused');
      return group.map((pending) => ({ accepted: pending.events.length, duplicates: 0 }));
    }, limits);
    const results = await Promise.allSettled(['a', 'bad', 'c'].map((name) => commit.submit(batch(name, 5), receipt)));
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(groups).toEqual([['a', 'bad', 'c'], ['a'], ['bad'], ['c']]);
  });

  it('fails every batch of a group at once when the writer is unavailable, without writing them again', async () => {
    let writes = 0;
    const commit = groupCommitter(async () => {
      writes += 1;
      throw new StoreUnavailableError('the database writer stopped', 5);
    }, limits);
    const results = await Promise.allSettled(['a', 'b'].map((name) => commit.submit(batch(name, 5), receipt)));
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(writes).toBe(1);
  });

  it('runs work between groups: at once when none is being written, else after the group and before the next is taken', async () => {
    const writer = heldWriter();
    const commit = groupCommitter(writer.write, limits);
    const order: string[] = [];
    await commit.between(() => order.push('idle'));
    const a = commit.submit(batch('a', 10), receipt);
    await turn();
    const between = commit.between(() => order.push(`between, after groups ${JSON.stringify(writer.groups)}`));
    void commit.submit(batch('b', 10), receipt);
    await turn();
    expect(order).toEqual(['idle']);
    writer.finishNext();
    await a;
    await between;
    await turn();
    expect(order).toEqual(['idle', 'between, after groups [["a"]]']);
    expect(writer.groups).toEqual([['a'], ['b']]);
    writer.finishNext();
    await commit.idle();
  });

  it('writes up to `writers` groups at once', async () => {
    const writer = heldWriter();
    const commit = groupCommitter(writer.write, { maxGroupEvents: 1000, maxQueuedEvents: 2000 }, 2);
    const answers = ['a', 'b', 'c'].map((name) => commit.submit(batch(name, 600), receipt));
    await turn();
    // 600 + 600 is past a group's 1,000: two groups side by side, the third waits for a writer.
    expect(writer.groups).toEqual([['a'], ['b']]);
    writer.finishNext();
    await answers[0];
    await turn();
    expect(writer.groups).toEqual([['a'], ['b'], ['c']]);
    writer.finishNext();
    writer.finishNext();
    await Promise.all(answers);
  });
});
