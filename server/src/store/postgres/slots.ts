/**
 * At most `size` of some work under way at once; the rest wait their turn in memory, in arrival order. The
 * PostgreSQL stores use it where many requests would otherwise each hold a pooled connection while they wait
 * on one another in the database (every upload's write-limit count updates its token's one row): waiting here
 * holds no connection, so a pupil's device asking for its allowlists still finds one free.
 */
export interface Slots {
  run<T>(work: () => Promise<T>): Promise<T>;
}

export function slots(size: number): Slots {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  };
  return {
    async run(work) {
      if (running < size) running += 1;
      // A slot passes straight from the one that ends to the next waiting, so `running` never counts it twice.
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await work();
      } finally {
        release();
      }
    },
  };
}
