import { describe, expect, it } from 'vitest';
import { memoize } from '../../src/core/memo.js';

describe('memoize', () => {
  it('GIVEN the same input again THEN the result is remembered, not computed again', () => {
    let calls = 0;
    const double = memoize((n: number) => (calls++, n * 2), 10);
    expect([double(2), double(2), double(3)]).toEqual([4, 4, 6]);
    expect(calls).toBe(2);
  });

  it('GIVEN a result that is undefined THEN it is remembered too', () => {
    let calls = 0;
    const nothing = memoize((_: string) => void calls++, 10);
    nothing('a');
    nothing('a');
    expect(calls).toBe(1);
  });

  it('GIVEN more inputs than the limit THEN it starts over instead of growing', () => {
    let calls = 0;
    const same = memoize((s: string) => (calls++, s), 2);
    same('a');
    same('b');
    same('c'); // full: forgets a and b
    same('a');
    expect(calls).toBe(4);
  });
});
