import { afterEach, describe, expect, it, vi } from 'vitest';
import { ALL_TIME_START, Leaderboards, periodStartDate, periodStartOf, TIMEZONE_TTL_MS, type ChannelSource } from '../../src/quiz/leaderboard.js';
import type { BoardStore } from '../../src/quiz/ports.js';

describe('board periods', () => {
  it('GIVEN a quiz day THEN its week starts on the Monday, its month on the 1st, and all time is one bucket', () => {
    expect(periodStartOf('week', '2026-11-29')).toBe('2026-11-23'); // Sunday: still the week of Monday 23rd
    expect(periodStartOf('week', '2026-11-30')).toBe('2026-11-30'); // Monday starts a week
    expect(periodStartOf('week', '2027-01-01')).toBe('2026-12-28'); // a week across the new year
    expect(periodStartOf('month', '2028-02-29')).toBe('2028-02-01');
    expect(periodStartOf('all', '2026-11-29')).toBe(ALL_TIME_START);
  });

  it("GIVEN an instant THEN the current period is the bucket of that day's date in the tenant's timezone", () => {
    const mondayInUtc = new Date('2026-11-30T03:00:00Z');
    expect(periodStartDate('week', mondayInUtc, 'UTC')).toBe('2026-11-30');
    expect(periodStartDate('week', mondayInUtc, 'America/Los_Angeles')).toBe('2026-11-23');
    expect(periodStartDate('month', new Date('2026-11-30T22:30:00Z'), 'Pacific/Auckland')).toBe('2026-12-01');
    // Sunday 25 Oct 2026, the day clocks go back in Madrid (UTC+1 from then on): its week ends at 23:00 UTC.
    expect(periodStartDate('week', new Date('2026-10-25T22:30:00Z'), 'Europe/Madrid')).toBe('2026-10-19');
    expect(periodStartDate('week', new Date('2026-10-25T23:30:00Z'), 'Europe/Madrid')).toBe('2026-10-26');
  });
});

describe("the tenant's timezone", () => {
  afterEach(() => vi.useRealTimers());

  /** Channels as a replica's database would hold them, counting reads; `change` is a /quiz-setup on this replica. */
  function channelsOf(initial: string) {
    const listeners: Array<() => void> = [];
    const state = { timezone: initial, reads: 0 };
    const source: ChannelSource = {
      async list() {
        state.reads++;
        return [{ timezone: state.timezone }];
      },
      onChange: (listener) => void listeners.push(listener),
    };
    const change = (to: string) => {
      state.timezone = to;
      listeners.forEach((listener) => listener());
    };
    return { source, state, change };
  }
  const noBoards: BoardStore = { page: async () => ({ top: [], size: 0 }) };

  it('GIVEN boards read over and over THEN the channels are read once, and a change made on this replica shows at once', async () => {
    const channels = channelsOf('Europe/Madrid');
    const leaderboards = new Leaderboards(noBoards, channels.source);
    for (let i = 0; i < 5; i++) expect(await leaderboards.timezone('t1')).toBe('Europe/Madrid');
    expect(channels.state.reads).toBe(1);
    channels.change('Asia/Tokyo');
    expect(await leaderboards.timezone('t1')).toBe('Asia/Tokyo');
    expect((await leaderboards.board('t1', 'week', new Date('2026-11-29T20:00:00Z'), undefined, 10)).timezone).toBe('Asia/Tokyo');
  });

  it('GIVEN a change made on another replica THEN it shows once the cached zone expires', async () => {
    vi.useFakeTimers({ now: new Date('2026-12-07T10:00:00Z') });
    const channels = channelsOf('UTC');
    const leaderboards = new Leaderboards(noBoards, channels.source);
    expect(await leaderboards.timezone('t1')).toBe('UTC');
    channels.state.timezone = 'America/Los_Angeles'; // written by another replica: no listener here hears it
    expect(await leaderboards.timezone('t1')).toBe('UTC');
    vi.advanceTimersByTime(TIMEZONE_TTL_MS);
    expect(await leaderboards.timezone('t1')).toBe('America/Los_Angeles');
  });
});
