/** How the benchmarks apply load: one at a time, all at once, or a steady number in flight. */
import type { Timed } from './drivers.js';

export async function sequential<T extends Timed>(n: number, act: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < n; i++) results.push(await act(i));
  return results;
}

export const burst = <T extends Timed>(n: number, act: (i: number) => Promise<T>): Promise<T[]> => Promise.all(Array.from({ length: n }, (_, i) => act(i)));

/** Keeps `concurrency` actions in flight until `total` are done (numbered from `first`); the rate sustained. */
export async function sustained<T extends Timed>(
  total: number,
  concurrency: number,
  act: (i: number) => Promise<T>,
  first = 0,
): Promise<{ perSecond: number; results: T[] }> {
  const results: T[] = [];
  let next = first;
  const end = first + total;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < end) results.push(await act(next++));
    }),
  );
  return { perSecond: (total * 1000) / (performance.now() - started), results };
}
