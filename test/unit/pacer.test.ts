import { describe, expect, it } from 'vitest';
import { Pacer } from '../../src/core/pacer.js';

/** A manual clock: sleeping advances it, so the test sees the schedule the pacer asked for. */
function manualClock() {
  let now = 1_000;
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
    advance: (ms: number) => (now += ms),
  };
}

describe('GIVEN a Pacer at a configured rate', () => {
  it('WHEN a burst comes THEN the first call goes through at once and the rest are spaced at the configured rate', async () => {
    const clock = manualClock();
    const pacer = new Pacer(40, clock.now, clock.sleep);
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      await pacer.take();
      times.push(clock.now());
    }
    expect(times).toEqual([1_000, 1_025, 1_050, 1_075, 1_100]);
  });

  it('WHEN any burst comes THEN never more than the rate goes through in any one-second window', async () => {
    const pacer = new Pacer(40);
    const started = performance.now();
    const at: number[] = [];
    await Promise.all(
      Array.from({ length: 60 }, async () => {
        await pacer.take();
        at.push(performance.now() - started);
      }),
    );
    const firstSecond = at.filter((t) => t < 1000).length;
    expect(firstSecond).toBeLessThanOrEqual(41);
    expect(at.length).toBe(60);
  });

  it('WHEN a burst follows a quiet spell THEN it is still spaced: unused time is not banked', async () => {
    const clock = manualClock();
    const pacer = new Pacer(10, clock.now, clock.sleep);
    await pacer.take();
    clock.advance(5_000);
    const before = clock.now();
    await pacer.take();
    await pacer.take();
    expect(clock.now() - before).toBe(100);
  });

  it('WHEN the rate is not positive THEN it is refused', () => {
    expect(() => new Pacer(0)).toThrow(/positive rate/);
  });
});
