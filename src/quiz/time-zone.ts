/**
 * IANA time zones through the runtime's own ICU data (Intl), without a date
 * library: the offset of a zone at an instant, a zone's wall clock, and the
 * few English date labels the bot prints. luxon did this until 2026-12-07, and
 * every replica held its source (512 KB as V8 keeps it) and compiled code for
 * this handful of calls (docs/PERFORMANCE.md, "What every replica loaded for
 * nothing").
 */

const MINUTE_MS = 60_000;

const WEEKDAYS_SHORT = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** One formatter per zone (at most the few hundred ICU knows): making one costs far more than using it. */
const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

/** Reads a zone's wall clock, down to the second; throws RangeError for a zone ICU does not know. */
function wallClockFormat(timezone: string): Intl.DateTimeFormat {
  let format = wallClockFormats.get(timezone);
  if (!format) {
    // Intl takes an empty name for the process's own zone: not a zone anyone chose.
    if (!timezone) throw new RangeError('Unknown timezone ""');
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone: timezone,
        hourCycle: 'h23',
        era: 'short',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new RangeError(`Unknown timezone "${timezone}"`);
    }
    wallClockFormats.set(timezone, format);
  }
  return format;
}

/** True when the runtime knows the zone (an IANA name such as Europe/Madrid, or UTC). */
export function isValidTimeZone(timezone: string): boolean {
  try {
    wallClockFormat(timezone);
    return true;
  } catch {
    return false;
  }
}

/** A UTC timestamp for a calendar reading; years 0–99 are taken as written (Date.UTC would add 1900). */
function utcOf(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const date = new Date(Date.UTC(2000, 0, 1, hour, minute, second));
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime();
}

/** The zone's UTC offset in milliseconds at `instant`. */
function zoneOffsetMs(timezone: string, instant: number): number {
  const parts: Record<string, string> = {};
  for (const { type, value } of wallClockFormat(timezone).formatToParts(instant)) parts[type] = value;
  // 1 BC is year 0 on the proleptic calendar Date counts on.
  const year = parts['era']?.startsWith('B') ? 1 - Number(parts['year']) : Number(parts['year']);
  const wall = utcOf(year, Number(parts['month']), Number(parts['day']), Number(parts['hour']), Number(parts['minute']), Number(parts['second']));
  // The formatter shows whole seconds: compare with the instant's own whole second. Not rounded to
  // minutes: local mean times before the 1970s were offsets such as -10:39:04 (Rarotonga).
  const wholeSecond = instant - (((instant % 1000) + 1000) % 1000);
  return wall - wholeSecond;
}

/** What a zone's wall clock reads at `instant`, as a timestamp on a UTC clock face. */
export function wallClockAt(timezone: string, instant: number): number {
  return instant + zoneOffsetMs(timezone, instant);
}

/** "Mon 7 Dec" for a reading on a UTC clock face (see wallClockAt). */
function dayAndMonth(wall: number): string {
  return `${WEEKDAYS_SHORT[new Date(wall).getUTCDay()]} ${dateAndMonth(wall)}`;
}

/** "7 Dec" for a reading on a UTC clock face. */
function dateAndMonth(wall: number): string {
  const date = new Date(wall);
  return `${date.getUTCDate()} ${MONTHS_SHORT[date.getUTCMonth()]}`;
}

/** "09:05" for a reading on a UTC clock face. */
function hoursAndMinutes(wall: number): string {
  return new Date(wall).toISOString().slice(11, 16);
}

/** The yyyy-MM-dd of a UTC instant, or of a wall clock's reading (see wallClockAt). */
export const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * A yyyy-MM-dd calendar date as the UTC midnight that starts it: calendar arithmetic needs no
 * timezone, and UTC has no daylight saving. RangeError for anything that is not such a date.
 */
export function calendarDay(localDate: string): number {
  const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(localDate);
  const ms = parts ? utcOf(Number(parts[1]), Number(parts[2]), Number(parts[3]), 0, 0, 0) : NaN;
  // Date rolls 31 Feb over into March: a date that does not come back unchanged is not a date.
  if (Number.isNaN(ms) || isoDate(ms) !== localDate) throw new RangeError(`Not a local date: "${localDate}"`);
  return ms;
}

/** "7 Dec" for a yyyy-MM-dd local date. */
export function formatDateMonth(localDate: string): string {
  return dateAndMonth(calendarDay(localDate));
}

/** "Mon 7 Dec" for a yyyy-MM-dd local date. */
export function formatDayMonth(localDate: string): string {
  return dayAndMonth(calendarDay(localDate));
}

/** "Mon 7 Dec 2026" for a yyyy-MM-dd local date. */
export function formatDayMonthYear(localDate: string): string {
  return `${formatDayMonth(localDate)} ${localDate.slice(0, 4)}`;
}

/** The zone's wall clock at `instant`, as the bot shows it: "Mon", "Mon 7 Dec", "09:05" and its yyyy-MM-dd. */
function wallClockParts(instant: number, timezone: string): { weekday: string; day: string; time: string; localDate: string } {
  const wall = wallClockAt(timezone, instant);
  return { weekday: WEEKDAYS_SHORT[new Date(wall).getUTCDay()]!, day: dayAndMonth(wall), time: hoursAndMinutes(wall), localDate: isoDate(wall) };
}

/**
 * "Thu 26 Nov, 09:00 Europe/Madrid (08:00 UTC)": an instant as a channel reads it, UTC beside it.
 * `utcWeekday`: the UTC day is named too where it differs ("(Wed 23:00 UTC)"). RangeError for an
 * unknown zone.
 */
export function formatZonedTime(instant: number, timezone: string, options: { utcWeekday?: boolean } = {}): string {
  const local = wallClockParts(instant, timezone);
  const text = `${local.day}, ${local.time} ${timezone}`;
  if (timezone === 'UTC') return text;
  const utc = wallClockParts(instant, 'UTC');
  const utcDay = options.utcWeekday && utc.localDate !== local.localDate ? `${utc.weekday} ` : '';
  return `${text} (${utcDay}${utc.time} UTC)`;
}

const relative = new Intl.RelativeTimeFormat('en-US', { numeric: 'always' });

/**
 * Whole calendar months from `base` to `target` (UTC), toward zero. Counted
 * forward from the earlier of the two, as luxon did: 30 Nov to 28 Feb is three
 * months whichever way round.
 */
function wholeMonths(base: Date, target: Date): number {
  const [earlier, later] = base.getTime() <= target.getTime() ? [base, target] : [target, base];
  const after = (count: number): number => {
    const date = new Date(earlier.getTime());
    const day = date.getUTCDate();
    date.setUTCDate(1);
    date.setUTCMonth(date.getUTCMonth() + count);
    // The 31st plus a month is the last day of a shorter month, not the 1st of the next.
    const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
    date.setUTCDate(Math.min(day, lastDay));
    return date.getTime();
  };
  let months = (later.getUTCFullYear() - earlier.getUTCFullYear()) * 12 + (later.getUTCMonth() - earlier.getUTCMonth());
  while (months > 0 && after(months) > later.getTime()) months--;
  return earlier === base ? months : -months;
}

/**
 * "in 3 days", "2 hours ago": the largest unit with at least one whole of it
 * (years, months, days, hours, minutes, seconds), counted toward zero.
 */
export function formatRelative(target: Date, base: Date): string {
  const ms = target.getTime() - base.getTime();
  const months = wholeMonths(base, target);
  const whole = (unitMs: number) => Math.trunc(ms / unitMs);
  const counts: Array<[number, Intl.RelativeTimeFormatUnit]> = [
    [Math.trunc(months / 12), 'year'],
    [months, 'month'],
    [whole(86_400_000), 'day'],
    [whole(3_600_000), 'hour'],
    [whole(MINUTE_MS), 'minute'],
    [whole(1000), 'second'],
  ];
  const [count, unit] = counts.find(([n]) => n !== 0) ?? [ms < 0 ? -0 : 0, 'second'];
  return relative.format(count, unit);
}
