import fc from 'fast-check';
import { DateTime, IANAZone, Settings } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeSlot, localDateOf, startOfLocalDay } from '../../src/quiz/schedule.js';
import { localTime } from '../../src/quiz/replies.js';
import { endOfLocalDay, formatLocalDate } from '../../src/plans/plan-schedule.js';
import { formatDateMonth, formatDayMonth, formatRelative, isValidTimeZone, wallClockAt } from '../../src/quiz/time-zone.js';

/** A zone's UTC offset in minutes at an instant, as the bot's wall clock has it. */
const zoneOffsetMinutes = (zone: string, instant: number): number => (wallClockAt(zone, instant) - instant) / 60_000;

// The bot's time zones without a date library, checked against luxon (what the bot used until 2026-12-07, kept for tests).
const ALL_ZONES = Intl.supportedValuesOf('timeZone');
const ODD_ZONES = [
  'America/St_Johns',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Pacific/Apia',
  'Pacific/Kiritimati',
  'America/Santiago',
  'Asia/Beirut',
  'America/Havana',
  'Europe/Madrid',
  'UTC',
];
const zones = fc.oneof(fc.constantFrom(...ODD_ZONES), fc.constantFrom(...ALL_ZONES));
const instants = fc.integer({ min: Date.UTC(1950, 0, 1), max: Date.UTC(2100, 0, 1) });
const dates = fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2200, 0, 1) }).map((ms) => new Date(ms).toISOString().slice(0, 10));

describe('time zones through Intl (property-based, against luxon)', () => {
  it('GIVEN any zone ICU knows and any instant from 1950 to 2100 THEN the UTC offset is the one luxon reads', () => {
    fc.assert(
      fc.property(zones, instants, (zone, instant) => {
        expect(zoneOffsetMinutes(zone, instant)).toBe(IANAZone.create(zone).offset(instant));
      }),
      { numRuns: 3000 },
    );
  });

  it('GIVEN a name THEN it is a valid zone exactly when luxon says so', () => {
    for (const name of [
      'Europe/Madrid',
      'UTC',
      'US/Eastern',
      'Etc/GMT+5',
      'America/Argentina/Buenos_Aires',
      'Mars/Olympus',
      'Europe/Madri',
      '',
      'CET',
      'EST',
      '+01:00',
      'europe/madrid',
      '../../etc',
    ]) {
      expect(isValidTimeZone(name), name).toBe(IANAZone.isValidZone(name));
    }
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (name) => {
        expect(isValidTimeZone(name)).toBe(IANAZone.isValidZone(name));
      }),
    );
    expect(() => zoneOffsetMinutes('Mars/Olympus', 0)).toThrow(RangeError);
  });

  it('GIVEN any instant and zone THEN a time shown to a channel reads as luxon formatted it', () => {
    fc.assert(
      fc.property(zones, instants, (zone, instant) => {
        const local = DateTime.fromMillis(instant, { zone }).setLocale('en-US');
        const utc = local.setZone('utc');
        const expected = `${local.toFormat('ccc d LLL, HH:mm')} ${zone}`;
        expect(localTime(new Date(instant), zone)).toBe(zone === 'UTC' ? expected : `${expected} (${utc.toFormat('HH:mm')} UTC)`);
        const slot = { localDate: local.toISODate()!, opensAt: new Date(instant), closesAt: new Date(instant + 60_000) };
        const utcDay = utc.toISODate() === local.toISODate() ? '' : `${utc.toFormat('ccc')} `;
        expect(describeSlot(slot, zone)).toBe(zone === 'UTC' ? expected : `${expected} (${utcDay}${utc.toFormat('HH:mm')} UTC)`);
      }),
      { numRuns: 2000 },
    );
  });

  it('GIVEN any date THEN its labels read as luxon formatted them', () => {
    fc.assert(
      fc.property(dates, (date) => {
        const day = DateTime.fromISO(date, { zone: 'utc' }).setLocale('en-US');
        expect(formatDayMonth(date)).toBe(day.toFormat('ccc d LLL'));
        expect(formatDateMonth(date)).toBe(day.toFormat('d LLL'));
        expect(formatLocalDate(date)).toBe(day.toFormat('ccc d LLL yyyy'));
      }),
      { numRuns: 2000 },
    );
    expect(formatLocalDate('2027-07-14')).toBe('Wed 14 Jul 2027');
    expect(() => formatDayMonth('2026-02-30')).toThrow(RangeError);
  });

  it('GIVEN any date and zone THEN the day starts at its first instant: the date before it is the day before', () => {
    fc.assert(
      fc.property(zones, dates, (zone, date) => {
        const start = startOfLocalDay(date, zone).getTime();
        expect(localDateOf(new Date(start), zone)).toBe(date);
        expect(localDateOf(new Date(start - 1), zone) < date).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('WHEN a DST switch skips midnight THEN the day starts where the clock jumps (as luxon started it)', () => {
    // Santiago sprang forward at midnight on 2026-09-06: 00:00 became 01:00.
    const start = startOfLocalDay('2026-09-06', 'America/Santiago');
    expect(DateTime.fromJSDate(start, { zone: 'America/Santiago' }).toFormat('yyyy-MM-dd HH:mm')).toBe('2026-09-06 01:00');
    expect(start.getTime()).toBe(DateTime.fromISO('2026-09-06', { zone: 'America/Santiago' }).startOf('day').toMillis());
    expect(endOfLocalDay('2026-09-05', 'America/Santiago')).toEqual(start);
  });

  describe('relative times ("due in 3 days")', () => {
    const luxonLocale = Settings.defaultLocale;
    const luxonZone = Settings.defaultZone;
    beforeAll(() => {
      // The bot counts in UTC, as its containers run; luxon read the process's zone and locale.
      Settings.defaultZone = 'utc';
      Settings.defaultLocale = 'en-US';
    });
    afterAll(() => {
      Settings.defaultZone = luxonZone;
      Settings.defaultLocale = luxonLocale;
    });

    it('GIVEN any two instants up to three years apart THEN the phrase is the one luxon chose', () => {
      const spans = fc.oneof(
        fc.integer({ min: -3 * 366 * 86_400_000, max: 3 * 366 * 86_400_000 }),
        fc.integer({ min: -172_800_000, max: 172_800_000 }),
        fc.integer({ min: -120_000, max: 120_000 }),
      );
      // Month ends are where counting months goes wrong (31 Jan + 1 month, 30 Nov back to 28 Feb).
      const monthEnds = fc
        .tuple(fc.integer({ min: 1950, max: 2099 }), fc.integer({ min: 0, max: 11 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 86_399_999 }))
        .map(([year, month, fromEnd, ms]) => Date.UTC(year, month + 1, -fromEnd) + ms);
      fc.assert(
        fc.property(fc.oneof(instants, monthEnds), spans, (base, span) => {
          const luxon = DateTime.fromMillis(base + span).toRelative({ base: DateTime.fromMillis(base) });
          expect(formatRelative(new Date(base + span), new Date(base))).toBe(luxon);
        }),
        { numRuns: 3000 },
      );
    });

    it('WHEN a month has fewer days than the start date THEN a month is still counted at its last day', () => {
      for (const [from, to] of [
        ['2026-01-31T10:00:00Z', '2026-02-28T10:00:00Z'],
        ['2026-01-31T10:00:00Z', '2026-02-28T09:59:59Z'],
        ['2024-02-29T00:00:00Z', '2025-02-28T00:00:00Z'],
        ['2026-03-31T00:00:00Z', '2026-02-28T00:00:00Z'],
        // Backwards, months are counted forward from the earlier date: 30 Nov + 3 months is 28 Feb.
        ['2093-02-28T04:42:56Z', '2092-11-30T01:14:52Z'],
        ['2013-09-30T20:01:11Z', '2012-10-31T01:40:13Z'],
      ] as const) {
        const luxon = DateTime.fromISO(to).toRelative({ base: DateTime.fromISO(from) });
        expect(formatRelative(new Date(to), new Date(from)), `${from} → ${to}`).toBe(luxon);
      }
      expect(formatRelative(new Date('2026-12-10T09:00:00Z'), new Date('2026-12-07T08:00:00Z'))).toBe('in 3 days');
    });
  });
});
