import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysFrom,
  describeSlot,
  dueSlot,
  isScheduledDay,
  localDateOf,
  minimumGapMinutes,
  nextSlot,
  slotFor,
  startOfMonth,
  startOfWeek,
  WEEKDAYS,
} from '../../src/quiz/schedule.js';
import type { ScheduleSpec, Slot, Weekday } from '../../src/quiz/schedule.js';

const HOUR_MS = 3_600_000;
const DAILY = WEEKDAYS;
const spec = (timezone: string, time: string, days: readonly Weekday[] = DAILY, windowMinutes = 720): ScheduleSpec => ({
  time,
  timezone,
  days,
  windowMinutes,
});
const iso = (slot: Slot | undefined): string | undefined => slot?.opensAt.toISOString();
const at = (text: string): Date => new Date(text);
/** What the channel's clock shows when the question is posted. */
const localWall = (slot: Slot, timezone: string): string => DateTime.fromJSDate(slot.opensAt, { zone: timezone }).toFormat("yyyy-MM-dd HH:mm 'UTC'ZZ");

function walk(schedule: ScheduleSpec, from: Date, steps: number): Slot[] {
  const slots: Slot[] = [];
  let after = from;
  for (let i = 0; i < steps; i++) {
    const slot = nextSlot(schedule, after);
    slots.push(slot);
    after = slot.opensAt;
  }
  return slots;
}

function datesBetween(first: string, last: string): string[] {
  const dates: string[] = [];
  for (let d = DateTime.fromISO(first, { zone: 'utc' }); d.toISODate()! <= last; d = d.plus({ days: 1 })) dates.push(d.toISODate()!);
  return dates;
}

const SWITCHES = [
  { zone: 'Europe/Madrid', day: '2026-03-29', before: '2026-03-28', utcBefore: '08:00', utcOn: '07:00', hours: 23 },
  { zone: 'Europe/Madrid', day: '2026-10-25', before: '2026-10-24', utcBefore: '07:00', utcOn: '08:00', hours: 25 },
  { zone: 'America/New_York', day: '2026-03-08', before: '2026-03-07', utcBefore: '14:00', utcOn: '13:00', hours: 23 },
  { zone: 'America/New_York', day: '2026-11-01', before: '2026-10-31', utcBefore: '13:00', utcOn: '14:00', hours: 25 },
];

describe('GIVEN a daily 09:00 quiz across the DST switch days', () => {
  it.each(SWITCHES)('WHEN $zone switches on $day THEN the post is at 09:00 local and $hours h after the previous one', (s) => {
    const schedule = spec(s.zone, '09:00');
    const before = slotFor(schedule, s.before);
    const on = slotFor(schedule, s.day);
    expect(iso(before)).toBe(`${s.before}T${s.utcBefore}:00.000Z`);
    expect(iso(on)).toBe(`${s.day}T${s.utcOn}:00.000Z`);
    expect(localWall(on, s.zone).slice(0, 16)).toBe(`${s.day} 09:00`);
    expect(on.opensAt.getTime() - before.opensAt.getTime()).toBe(s.hours * HOUR_MS);
    expect(on.closesAt.getTime() - on.opensAt.getTime()).toBe(12 * HOUR_MS);
  });

  it.each(SWITCHES)('WHEN nextSlot is walked 10 times from 3 days before $day in $zone THEN each date appears exactly once', (s) => {
    const start = DateTime.fromISO(s.day, { zone: s.zone }).minus({ days: 3 }).toJSDate();
    const slots = walk(spec(s.zone, '09:00'), start, 10);
    const first = DateTime.fromISO(s.day).minus({ days: 3 }).toISODate()!;
    const last = DateTime.fromISO(s.day).plus({ days: 6 }).toISODate()!;
    expect(slots.map((slot) => slot.localDate)).toEqual(datesBetween(first, last));
    for (const slot of slots) expect(localWall(slot, s.zone)).toMatch(new RegExp(`^${slot.localDate} 09:00`));
  });

  it.each(SWITCHES)('WHEN the quiz runs mon,wed,fri and sun ($zone, $day) THEN the Sunday switch day is posted once', (s) => {
    const start = DateTime.fromISO(s.day, { zone: s.zone }).minus({ days: 4 }).toJSDate();
    const slots = walk(spec(s.zone, '09:00', ['mon', 'wed', 'fri', 'sun']), start, 6);
    expect(slots.filter((slot) => slot.localDate === s.day)).toHaveLength(1);
    expect(new Set(slots.map((slot) => slot.localDate)).size).toBe(6);
    expect(slots.every((slot) => isScheduledDay(spec(s.zone, '09:00', ['mon', 'wed', 'fri', 'sun']), slot.localDate))).toBe(true);
  });
});

describe('GIVEN a quiz time the clock skips or repeats', () => {
  it('WHEN 02:30 does not exist (Madrid springs forward) THEN it opens at 03:00 CEST', () => {
    const slot = slotFor(spec('Europe/Madrid', '02:30'), '2026-03-29');
    expect(iso(slot)).toBe('2026-03-29T01:00:00.000Z');
    expect(localWall(slot, 'Europe/Madrid')).toBe('2026-03-29 03:00 UTC+02:00');
  });

  it('WHEN 02:30 does not exist (New York springs forward) THEN it opens at 03:00 EDT', () => {
    expect(iso(slotFor(spec('America/New_York', '02:30'), '2026-03-08'))).toBe('2026-03-08T07:00:00.000Z');
  });

  it('WHEN the half-hour shift of Lord Howe skips 02:15 THEN it opens at 02:30 +11', () => {
    const slot = slotFor(spec('Australia/Lord_Howe', '02:15'), '2026-10-04');
    expect(localWall(slot, 'Australia/Lord_Howe')).toBe('2026-10-04 02:30 UTC+11:00');
  });

  it('WHEN 02:30 happens twice (Madrid falls back) THEN the first occurrence, in CEST, is used', () => {
    const slot = slotFor(spec('Europe/Madrid', '02:30'), '2026-10-25');
    expect(iso(slot)).toBe('2026-10-25T00:30:00.000Z');
    expect(localWall(slot, 'Europe/Madrid')).toBe('2026-10-25 02:30 UTC+02:00');
  });

  it('WHEN 01:30 happens twice (New York falls back) THEN the first occurrence, in EDT, is used', () => {
    expect(iso(slotFor(spec('America/New_York', '01:30'), '2026-11-01'))).toBe('2026-11-01T05:30:00.000Z');
  });

  it('WHEN a repeated time is walked with nextSlot THEN the second occurrence is not posted again', () => {
    const slots = walk(spec('Europe/Madrid', '02:30'), at('2026-10-24T12:00:00Z'), 2);
    expect(slots.map((slot) => [slot.localDate, iso(slot)])).toEqual([
      ['2026-10-25', '2026-10-25T00:30:00.000Z'],
      ['2026-10-26', '2026-10-26T01:30:00.000Z'],
    ]);
    expect(iso(nextSlot(spec('Europe/Madrid', '02:30'), at('2026-10-25T01:15:00Z')))).toBe('2026-10-26T01:30:00.000Z');
  });

  it('WHEN a skipped time is walked with nextSlot THEN the switch day is posted once', () => {
    const slots = walk(spec('Europe/Madrid', '02:30'), at('2026-03-28T00:00:00Z'), 3);
    expect(slots.map((slot) => [slot.localDate, iso(slot)])).toEqual([
      ['2026-03-28', '2026-03-28T01:30:00.000Z'],
      ['2026-03-29', '2026-03-29T01:00:00.000Z'],
      ['2026-03-30', '2026-03-30T00:30:00.000Z'],
    ]);
  });
});

describe('GIVEN nextSlot', () => {
  const weekdays = spec('Europe/Madrid', '09:00', ['mon', 'tue', 'wed', 'thu', 'fri']);

  it('WHEN asked exactly at an opening THEN the following slot is returned', () => {
    expect(nextSlot(weekdays, at('2026-11-26T08:00:00Z')).localDate).toBe('2026-11-27');
    expect(nextSlot(weekdays, at('2026-11-26T07:59:59.999Z')).localDate).toBe('2026-11-26');
  });

  it('WHEN it is Friday after the post THEN Monday is next', () => {
    expect(nextSlot(weekdays, at('2026-11-27T10:00:00Z')).localDate).toBe('2026-11-30');
  });

  it('WHEN the channel is ahead of UTC THEN the local date, not the UTC date, names the slot', () => {
    const slot = nextSlot(spec('Pacific/Chatham', '06:00'), at('2026-06-30T12:00:00Z'));
    expect(slot.localDate).toBe('2026-07-01');
    expect(iso(slot)).toBe('2026-06-30T17:15:00.000Z');
  });

  it('WHEN the only day was just posted THEN the next one is a week later', () => {
    const thursday = spec('UTC', '09:00', ['thu']);
    expect(nextSlot(thursday, at('2026-11-26T09:00:00Z')).localDate).toBe('2026-12-03');
  });

  it('WHEN a schedule has no days THEN it is a programming error', () => {
    expect(() => nextSlot(spec('UTC', '09:00', []), at('2026-01-01T00:00:00Z'))).toThrow(/at least one day/);
  });
});

describe('GIVEN dueSlot for a mon-fri 09:00 quiz in Madrid', () => {
  const weekdays = (windowMinutes: number): ScheduleSpec => spec('Europe/Madrid', '09:00', ['mon', 'tue', 'wed', 'thu', 'fri'], windowMinutes);

  it('WHEN now is inside the window THEN that slot is due, from its first to its last millisecond', () => {
    expect(dueSlot(weekdays(720), at('2026-11-26T08:00:00Z'))?.localDate).toBe('2026-11-26');
    expect(dueSlot(weekdays(720), at('2026-11-26T19:59:59.999Z'))?.localDate).toBe('2026-11-26');
  });

  it('WHEN now is before the opening or at the closing THEN nothing is due', () => {
    expect(dueSlot(weekdays(720), at('2026-11-26T07:59:59.999Z'))).toBeUndefined();
    expect(dueSlot(weekdays(720), at('2026-11-26T20:00:00Z'))).toBeUndefined();
  });

  it('WHEN the window crosses midnight THEN yesterday’s slot is still due after midnight', () => {
    const slot = dueSlot(weekdays(20 * 60), at('2026-11-27T02:00:00Z'));
    expect(slot?.localDate).toBe('2026-11-26');
    expect(iso(slot)).toBe('2026-11-26T08:00:00.000Z');
  });

  it('WHEN it is Saturday THEN nothing is due unless Friday’s window is still open', () => {
    expect(dueSlot(weekdays(720), at('2026-11-28T10:00:00Z'))).toBeUndefined();
    expect(dueSlot(weekdays(36 * 60), at('2026-11-28T10:00:00Z'))?.localDate).toBe('2026-11-27');
    expect(dueSlot(weekdays(36 * 60), at('2026-11-28T20:00:00Z'))).toBeUndefined();
  });

  it('WHEN two windows overlap THEN the most recent slot is due', () => {
    expect(dueSlot(weekdays(3 * 1440), at('2026-11-26T12:00:00Z'))?.localDate).toBe('2026-11-26');
  });

  it('WHEN the clocks go forward under a 24-hour window THEN the day is 23 hours long, the two posts overlap for that hour and the newer one is due', () => {
    // Madrid, Sunday 29 March 2026: 09:00 CET on Saturday is 08:00 UTC, 09:00 CEST on Sunday is 07:00 UTC.
    const daily = spec('Europe/Madrid', '09:00', DAILY, 1440);
    const saturday = slotFor(daily, '2026-03-28');
    expect(saturday.closesAt.toISOString()).toBe('2026-03-29T08:00:00.000Z');
    expect(dueSlot(daily, at('2026-03-29T06:59:59.999Z'))?.localDate).toBe('2026-03-28');
    expect(dueSlot(daily, at('2026-03-29T07:00:00Z'))?.localDate).toBe('2026-03-29');
    expect(dueSlot(daily, at('2026-03-29T07:59:59.999Z'))?.localDate).toBe('2026-03-29');
  });

  it('WHEN a 7-day window is still open THEN the week-old slot is found', () => {
    expect(dueSlot(spec('UTC', '09:00', ['thu'], 7 * 1440), at('2026-12-03T08:59:00Z'))?.localDate).toBe('2026-11-26');
  });

  it('WHEN the window spans the night Madrid falls back THEN it lasts 12 real hours, closing at 08:00 local', () => {
    const schedule = spec('Europe/Madrid', '21:00', DAILY, 12 * 60);
    const slot = dueSlot(schedule, at('2026-10-25T06:59:00Z'));
    expect(slot?.localDate).toBe('2026-10-24');
    expect(slot?.closesAt.toISOString()).toBe('2026-10-25T07:00:00.000Z');
    expect(DateTime.fromJSDate(slot!.closesAt, { zone: 'Europe/Madrid' }).toFormat('HH:mm')).toBe('08:00');
    expect(dueSlot(schedule, at('2026-10-25T07:00:00Z'))).toBeUndefined();
  });
});

describe('GIVEN the gap between posts', () => {
  it.each([
    [DAILY, 1440],
    [['mon', 'tue', 'wed', 'thu', 'fri'], 1440],
    [['mon', 'wed', 'fri'], 2880],
    [['wed'], 10080],
    [['fri', 'mon'], 4320],
    [['sat', 'sun'], 1440],
  ] as const)('WHEN the days are %j THEN the shortest gap is %i minutes', (days, minutes) => {
    expect(minimumGapMinutes(spec('Europe/Madrid', '09:00', days))).toBe(minutes);
  });
});

describe('GIVEN a slot is shown to the channel', () => {
  it('WHEN it is in Madrid THEN local time and UTC are both shown', () => {
    expect(describeSlot(slotFor(spec('Europe/Madrid', '09:00'), '2026-11-26'), 'Europe/Madrid')).toBe('Thu 26 Nov, 09:00 Europe/Madrid (08:00 UTC)');
  });

  it('WHEN the UTC date is a different day THEN the UTC weekday is named too', () => {
    expect(describeSlot(slotFor(spec('Asia/Kolkata', '02:00'), '2026-09-03'), 'Asia/Kolkata')).toBe('Thu 3 Sep, 02:00 Asia/Kolkata (Wed 20:30 UTC)');
  });

  it('WHEN the channel runs on UTC THEN the time is not repeated', () => {
    expect(describeSlot(slotFor(spec('UTC', '09:00'), '2026-11-26'), 'UTC')).toBe('Thu 26 Nov, 09:00 UTC');
  });

  it('WHEN an instant is near midnight THEN localDateOf uses the channel’s calendar', () => {
    expect(localDateOf(at('2026-11-26T23:30:00Z'), 'Europe/Madrid')).toBe('2026-11-27');
    expect(localDateOf(at('2026-11-26T23:30:00Z'), 'America/New_York')).toBe('2026-11-26');
    expect(isScheduledDay(spec('UTC', '09:00', ['thu']), '2026-11-26')).toBe(true);
    expect(isScheduledDay(spec('UTC', '09:00', ['fri']), '2026-11-26')).toBe(false);
  });
});

describe('GIVEN random schedules and start instants in 2026 (property-based)', () => {
  const ZONES = ['Europe/Madrid', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham', 'UTC'];
  const schedules = fc.record({
    timezone: fc.constantFrom(...ZONES),
    time: fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
      .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
    days: fc.subarray([...WEEKDAYS], { minLength: 1 }),
    windowMinutes: fc.integer({ min: 1, max: 1440 }),
  });
  const starts = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2026, 11, 31, 23, 59) }).map((ms) => new Date(ms));

  it('WHEN nextSlot is walked 30 times THEN every scheduled local date is posted once, in order, none skipped', () => {
    fc.assert(
      fc.property(schedules, starts, (schedule, start) => {
        const slots = walk(schedule, start, 30);
        // Nothing scheduled between the start and the first slot was still to come.
        for (const date of datesBetween(localDateOf(start, schedule.timezone), slots[0]!.localDate).slice(0, -1)) {
          if (isScheduledDay(schedule, date)) expect(slotFor(schedule, date).opensAt.getTime()).toBeLessThanOrEqual(start.getTime());
        }
        expect(slots[0]!.opensAt.getTime()).toBeGreaterThan(start.getTime());
        for (const [i, slot] of slots.entries()) {
          expect(isScheduledDay(schedule, slot.localDate)).toBe(true);
          expect(localDateOf(slot.opensAt, schedule.timezone)).toBe(slot.localDate);
          expect(slot.closesAt.getTime() - slot.opensAt.getTime()).toBe(schedule.windowMinutes * 60_000);
          const previous = slots[i - 1];
          if (!previous) continue;
          expect(slot.opensAt.getTime()).toBeGreaterThan(previous.opensAt.getTime());
          const between = datesBetween(previous.localDate, slot.localDate).slice(1, -1);
          expect(slot.localDate > previous.localDate).toBe(true);
          expect(between.filter((date) => isScheduledDay(schedule, date))).toEqual([]);
        }
      }),
    );
  });

  it('WHEN the window is no longer than the gap between posts THEN a slot is due from its opening until it closes', () => {
    fc.assert(
      fc.property(schedules, starts, (schedule, start) => {
        // The calendar gap is not enough: a day the clocks go forward is 23 hours (23.5 on Lord Howe),
        // so a window as long as the calendar gap can still reach into the next slot.
        fc.pre(schedule.windowMinutes <= minimumGapMinutes(schedule));
        const slot = nextSlot(schedule, start);
        fc.pre(slot.closesAt.getTime() <= nextSlot(schedule, slot.opensAt).opensAt.getTime());
        expect(dueSlot(schedule, slot.opensAt)).toEqual(slot);
        expect(dueSlot(schedule, new Date(slot.closesAt.getTime() - 1))).toEqual(slot);
        expect(dueSlot(schedule, new Date(slot.opensAt.getTime() - 1))?.localDate).not.toBe(slot.localDate);
      }),
    );
  });

  it('WHEN a slot opens THEN the channel clock shows the chosen time, or the end of a skipped hour', () => {
    fc.assert(
      fc.property(schedules, starts, (schedule, start) => {
        const slot = nextSlot(schedule, start);
        const local = DateTime.fromJSDate(slot.opensAt, { zone: schedule.timezone });
        if (local.toFormat('HH:mm') === schedule.time) return;
        const justBefore = DateTime.fromMillis(slot.opensAt.getTime() - 1, { zone: schedule.timezone });
        expect(justBefore.offset).toBeLessThan(local.offset);
        expect(local.toFormat('HH:mm') > schedule.time).toBe(true);
      }),
    );
  });
});

describe('calendar arithmetic (plain dates, checked against luxon)', () => {
  const dates = fc
    .date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2200-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
  const ZONES = ['Europe/Madrid', 'America/St_Johns', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Pacific/Apia', 'America/Los_Angeles', 'UTC'];

  it('GIVEN any date and any number of days THEN addDays, the week and the month start agree with luxon', () => {
    fc.assert(
      fc.property(dates, fc.integer({ min: -1000, max: 1000 }), (date, days) => {
        const day = DateTime.fromISO(date, { zone: 'utc' });
        expect(addDays(date, days)).toBe(day.plus({ days }).toISODate());
        expect(startOfWeek(date)).toBe(day.startOf('week').toISODate());
        expect(startOfMonth(date)).toBe(day.startOf('month').toISODate());
        expect(daysFrom(date, 3)).toEqual([0, 1, 2].map((n) => day.plus({ days: n }).toISODate()));
      }),
      { numRuns: 2000 },
    );
  });

  it('GIVEN any instant and timezone THEN localDateOf is the date luxon reads there, DST switches included', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom(...ZONES),
        (instant, zone) => {
          expect(localDateOf(instant, zone)).toBe(DateTime.fromJSDate(instant, { zone }).toISODate());
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('GIVEN something that is not a calendar date THEN it is refused', () => {
    for (const bad of ['2026-02-30', '2026-13-01', '2026-1-01', '26-01-01', '2026-01-01T00:00', '', 'tomorrow']) {
      expect(() => addDays(bad, 1), bad).toThrow(RangeError);
      expect(() => startOfMonth(bad), bad).toThrow(RangeError);
    }
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});
