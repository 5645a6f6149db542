import { describe, expect, it } from 'vitest';
import { ExpiringCache } from '../../src/core/expiring-cache.js';

describe('GIVEN an ExpiringCache', () => {
  it('WHEN a value is read THEN it is returned until its time is up, then forgotten', () => {
    let now = 0;
    const cache = new ExpiringCache<string, number>(1_000, 10, () => now);
    cache.set('a', 1);
    now = 999;
    expect(cache.get('a')).toBe(1);
    now = 1_000;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('WHEN it is full THEN the oldest entry makes room: it never grows past its bound', () => {
    const cache = new ExpiringCache<number, number>(60_000, 3);
    for (let i = 0; i < 10; i++) cache.set(i, i);
    expect(cache.size).toBe(3);
    expect([cache.get(6), cache.get(7), cache.get(8), cache.get(9)]).toEqual([undefined, 7, 8, 9]);
  });

  it('WHEN a key is set again THEN it is refreshed and kept as one entry', () => {
    let now = 0;
    const cache = new ExpiringCache<string, string>(100, 2, () => now);
    cache.set('a', 'old');
    now = 90;
    cache.set('a', 'new');
    now = 150;
    expect(cache.get('a')).toBe('new');
    expect(cache.size).toBe(1);
  });

  it('WHEN a value is remembered THEN it is computed once while kept, and again once its entry made room for others', () => {
    let calls = 0;
    const cache = new ExpiringCache<string, string>(Number.POSITIVE_INFINITY, 2);
    const twice = (s: string) => cache.remember(s, () => (calls++, s + s));
    expect([twice('a'), twice('a'), twice('b')]).toEqual(['aa', 'aa', 'bb']);
    expect(calls).toBe(2);
    twice('c'); // full: 'a', the oldest, makes room
    twice('a');
    expect(calls).toBe(4);
  });
});
