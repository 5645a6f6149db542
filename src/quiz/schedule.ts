import { parseTime, WEEKDAYS } from './schedule-parse.js';
import { calendarDay, formatZonedTime, isoDate, isValidTimeZone, wallClockAt } from './time-zone.js';
import type { QuizChannel } from './model.js';
import type { Weekday } from './schedule-parse.js';

/**
 * When a channel's daily quiz is due. A slot is named by its LOCAL date in the
 * channel's timezone, because the database row keyed by that date is what makes
 * each post happen exactly once — so a DST switch must neither skip nor repeat a date.
 * Pure functions: the scheduler passes the clock in.
 */
export * from './schedule-parse.js';

export interface ScheduleSpec {
  /** "HH:MM", 24-hour clock, as produced by parseTime. */
  time: string;
  timezone: string;
  days: readonly Weekday[];
  windowMinutes: number;
}

/** A channel's schedule, as the functions below read it. */
export function channelSpec(channel: Pick<QuizChannel, 'time' | 'timezone' | 'days' | 'windowMinutes'>): ScheduleSpec {
  return { time: channel.time, timezone: channel.timezone, days: channel.days, windowMinutes: channel.windowMinutes };
}

export interface Slot {
  localDate: string;
  opensAt: Date;
  closesAt: Date;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const MINUTES_PER_DAY = 1440;

/** The zone's wall clock as a function of the instant; RangeError for an unknown zone. */
function zoneOf(timezone: string): WallClock {
  if (!isValidTimeZone(timezone)) throw new RangeError(`Unknown timezone "${timezone}"`);
  return (instant) => wallClockAt(timezone, instant);
}

const DAY_MS = 24 * HOUR_MS;

/** The local date `days` later (or earlier), as yyyy-MM-dd. */
export function addDays(localDate: string, days: number): string {
  return isoDate(calendarDay(localDate) + days * DAY_MS);
}

/** `count` consecutive local dates from `localDate` on (a calendar's days), as yyyy-MM-dd. */
export function daysFrom(localDate: string, count: number): string[] {
  const first = calendarDay(localDate);
  return Array.from({ length: count }, (_, i) => isoDate(first + i * DAY_MS));
}

/** Days since the Monday of its week (0 for Monday … 6 for Sunday) of a calendarDay. */
const daysSinceMonday = (day: number): number => (new Date(day).getUTCDay() + 6) % 7;

/** ISO weekday: 1 for Monday … 7 for Sunday. */
const isoWeekday = (localDate: string): number => daysSinceMonday(calendarDay(localDate)) + 1;

/** The Monday of the date's ISO week. */
export function startOfWeek(localDate: string): string {
  const day = calendarDay(localDate);
  return isoDate(day - daysSinceMonday(day) * DAY_MS);
}

/** The 1st of the date's month. */
export function startOfMonth(localDate: string): string {
  calendarDay(localDate);
  return `${localDate.slice(0, 8)}01`;
}

/** What a zone's wall clock reads at an instant, as milliseconds on a UTC-less clock face. */
type WallClock = (instant: number) => number;

/**
 * The first instant at which the wall clock reads `wall` or later. A normal time
 * has one such instant; a repeated one (fall back) has two and we take the first;
 * a skipped one (spring forward) has none, so we take the end of the gap.
 * (luxon, used here until 2026-12-07, pushed 02:30 in a gap to 03:30 instead.)
 */
function firstInstantAtWallTime(wallClock: WallClock, wall: number): number {
  // Any instant showing `wall` is `wall - offset`, with an offset (ms) seen near that time.
  // Sampling both sides of the day, then the candidates themselves, finds every such offset.
  const offsetAt = (instant: number): number => wallClock(instant) - instant;
  const offsets = new Set([-18, 0, 18].map((hours) => offsetAt(wall + hours * HOUR_MS)));
  for (const offset of [...offsets]) offsets.add(offsetAt(wall - offset));
  const candidates = [...offsets].map((offset) => wall - offset).sort((a, b) => a - b);
  const exact = candidates.find((instant) => wallClock(instant) === wall);
  if (exact !== undefined) return exact;

  // In a gap: the clock jumps from before `wall` to after it. Bisect for the jump.
  let before = candidates.find((instant) => wallClock(instant) < wall) ?? wall - 15 * HOUR_MS;
  let after = candidates.findLast((instant) => wallClock(instant) > wall) ?? wall + 15 * HOUR_MS;
  while (after - before > 1) {
    const middle = Math.floor((before + after) / 2);
    if (wallClock(middle) >= wall) after = middle;
    else before = middle;
  }
  return after;
}

/** The first instant of a local date in a zone: its midnight, or the end of the gap when a DST switch skips midnight. */
export function startOfLocalDay(localDate: string, timezone: string): Date {
  return new Date(firstInstantAtWallTime(zoneOf(timezone), calendarDay(localDate)));
}

export function slotFor(spec: ScheduleSpec, localDate: string): Slot {
  const time = parseTime(spec.time);
  if (!time.ok) throw new RangeError(`Invalid schedule time "${spec.time}"`);
  if (!Number.isFinite(spec.windowMinutes) || spec.windowMinutes <= 0) {
    throw new RangeError(`Invalid answer window ${spec.windowMinutes}`);
  }
  const [hour, minute] = time.value.split(':').map(Number) as [number, number];
  const wall = calendarDay(localDate) + hour * HOUR_MS + minute * MINUTE_MS;
  const opensAt = firstInstantAtWallTime(zoneOf(spec.timezone), wall);
  return { localDate, opensAt: new Date(opensAt), closesAt: new Date(opensAt + spec.windowMinutes * MINUTE_MS) };
}

export function isScheduledDay(spec: ScheduleSpec, localDate: string): boolean {
  const weekday = WEEKDAYS[isoWeekday(localDate) - 1];
  return weekday !== undefined && spec.days.includes(weekday);
}

export function localDateOf(instant: Date, timezone: string): string {
  return isoDate(zoneOf(timezone)(instant.getTime()));
}

export function nextSlot(spec: ScheduleSpec, after: Date): Slot {
  // Start a day early: a slot never opens before its own local date, but a date
  // lost to a skipped calendar day (Samoa, 2011) opens on the next one.
  const today = localDateOf(after, spec.timezone);
  for (let offset = -1; offset <= 8; offset++) {
    const localDate = addDays(today, offset);
    if (!isScheduledDay(spec, localDate)) continue;
    const slot = slotFor(spec, localDate);
    if (slot.opensAt.getTime() > after.getTime()) return slot;
  }
  throw new RangeError('A quiz schedule needs at least one day of the week.');
}

export function dueSlot(spec: ScheduleSpec, now: Date): Slot | undefined {
  // A window can outlast midnight (and, up to 7 days long, several of them), so
  // yesterday's and older slots may still be open; the most recent wins.
  const today = localDateOf(now, spec.timezone);
  const daysBack = Math.ceil(spec.windowMinutes / MINUTES_PER_DAY) + 1;
  for (let offset = 0; offset >= -daysBack; offset--) {
    const localDate = addDays(today, offset);
    if (!isScheduledDay(spec, localDate)) continue;
    const slot = slotFor(spec, localDate);
    if (slot.opensAt.getTime() <= now.getTime() && now.getTime() < slot.closesAt.getTime()) return slot;
  }
  return undefined;
}

/** The shortest calendar distance between two posts, wrapping round the week (fri → mon is 3 days). */
export function minimumGapMinutes(spec: ScheduleSpec): number {
  const indexes = WEEKDAYS.flatMap((day, index) => (spec.days.includes(day) ? [index] : []));
  const first = indexes[0];
  if (first === undefined) throw new RangeError('A quiz schedule needs at least one day of the week.');
  const gaps = indexes.map((index, i) => (indexes[i + 1] ?? first + 7) - index);
  return Math.min(...gaps) * MINUTES_PER_DAY;
}

/** "Thu 26 Nov, 09:00 Europe/Madrid (08:00 UTC)"; the UTC weekday is added when it differs. */
export function describeSlot(slot: Slot, timezone: string): string {
  return formatZonedTime(slot.opensAt.getTime(), timezone, { utcWeekday: true });
}
