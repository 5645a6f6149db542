import { describe, expect, it } from 'vitest';
import { ALL_TIME_START, periodStartDate, periodStartOf } from '../../src/quiz/leaderboard.js';

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
