import { describe, expect, it } from 'vitest';
import { slots } from '../../server/src/store/postgres/slots';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('slots: at most N pieces of work at once', () => {
  it('runs no more than its size at once, the rest in arrival order as slots free', async () => {
    const limit = slots(2);
    const started: number[] = [];
    const finish: (() => void)[] = [];
    const all = [0, 1, 2, 3, 4].map((n) =>
      limit.run(async () => {
        started.push(n);
        await new Promise<void>((resolve) => (finish[n] = resolve));
        return n * 10;
      }),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    finish[1]!();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    finish[0]!();
    finish[2]!();
    await tick();
    expect(started).toEqual([0, 1, 2, 3, 4]);
    finish[3]!();
    finish[4]!();
    expect(await Promise.all(all)).toEqual([0, 10, 20, 30, 40]);
  });

  it('frees the slot of work that fails, and passes the failure on', async () => {
    const limit = slots(1);
    await expect(limit.run(async () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    await expect(limit.run(async () => 'next')).resolves.toBe('next');
  });
});
