/** Axis arithmetic for the dashboard's charts. Pure. */

/** Up to about five round steps (1, 2 or 5 times a power of ten) from 0 to at least `max`; never below one step of 1. */
export function niceTicks(max: number, wanted = 5): number[] {
  if (max <= 0) return [0, 1];
  const rough = max / wanted;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= rough)!);
  const top = Math.ceil(max / step) * step;
  return Array.from({ length: top / step + 1 }, (_, index) => index * step);
}

/** Every nth label, so at most about `room` of `count` are drawn (the table has every one). */
export function labelEvery(count: number, room: number): number {
  return Math.max(1, Math.ceil(count / room));
}
