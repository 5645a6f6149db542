import { quoteUserText } from '../core/sanitize.js';
import { isValidTimeZone } from './time-zone.js';

/**
 * Reading what an admin types into /quiz-setup: time, timezone, days, answer
 * window and chapters. Every parser returns a friendly sentence instead of
 * throwing, because the command shows it to a learner as is.
 */
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
/** Monday first, as ISO weekday numbers 1..7 count. */
export const WEEKDAYS: readonly Weekday[] = Object.freeze(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(error: string): Parsed<T> => ({ ok: false, error });
/** `, not "x"` for the end of an error sentence; nothing when the input was blank. */
const notThis = (text: string): string => (text.trim() === '' ? '' : `, not "${quoteUserText(text, 40)}"`);

const MINUTES_PER_DAY = 1440;
const MAX_WINDOW_MINUTES = 7 * MINUTES_PER_DAY;

export function parseTime(text: string): Parsed<string> {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!match) return fail(`Time must look like 09:00 (24-hour clock)${notThis(text)}.`);
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > 23 || minutes > 59) return fail(`Time must be between 00:00 and 23:59 (24-hour clock)${notThis(text)}.`);
  return ok(`${String(hours).padStart(2, '0')}:${match[2]}`);
}

/**
 * Node 20's ICU lists some zones under names the tz database retired (Asia/Calcutta
 * instead of Asia/Kolkata). Learners look for the current name, so we offer and
 * store that one; both spellings still resolve to the same rules.
 */
// Maps, not object literals: user text like "__proto__" must never hit Object.prototype.
const CURRENT_NAMES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    'Africa/Asmera': 'Africa/Asmara',
    'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
    'America/Catamarca': 'America/Argentina/Catamarca',
    'America/Coral_Harbour': 'America/Atikokan',
    'America/Cordoba': 'America/Argentina/Cordoba',
    'America/Godthab': 'America/Nuuk',
    'America/Indianapolis': 'America/Indiana/Indianapolis',
    'America/Jujuy': 'America/Argentina/Jujuy',
    'America/Louisville': 'America/Kentucky/Louisville',
    'America/Mendoza': 'America/Argentina/Mendoza',
    'Asia/Calcutta': 'Asia/Kolkata',
    'Asia/Katmandu': 'Asia/Kathmandu',
    'Asia/Rangoon': 'Asia/Yangon',
    'Asia/Saigon': 'Asia/Ho_Chi_Minh',
    'Atlantic/Faeroe': 'Atlantic/Faroe',
    'Europe/Kiev': 'Europe/Kyiv',
    'Pacific/Enderbury': 'Pacific/Kanton',
    'Pacific/Ponape': 'Pacific/Pohnpei',
    'Pacific/Truk': 'Pacific/Chuuk',
  }),
);
const currentName = (zone: string): string => {
  const renamed = CURRENT_NAMES.get(zone);
  return renamed !== undefined && isValidTimeZone(renamed) ? renamed : zone;
};

/** Every zone we offer, UTC first. Immutable, derived once from the runtime's ICU data. */
const ZONES: readonly string[] = Object.freeze([...new Set(['UTC', ...Intl.supportedValuesOf('timeZone').map(currentName)])]);
const ZONE_BY_LOWER_NAME: ReadonlyMap<string, string> = new Map([
  ...[...CURRENT_NAMES.keys()].map((old) => [old.toLowerCase(), currentName(old)] as const),
  ...ZONES.map((zone) => [zone.toLowerCase(), zone] as const),
  ['gmt', 'UTC'],
  ['etc/utc', 'UTC'],
]);

export function parseTimezone(text: string): Parsed<string> {
  const typed = text.trim().replace(/\s+/g, '_');
  const known = ZONE_BY_LOWER_NAME.get(typed.toLowerCase());
  if (known !== undefined) return ok(known);
  // Old but valid Area/Location names (US/Eastern) resolve to their canonical zone.
  // Bare abbreviations (EST, CET) are not accepted: ICU maps them to arbitrary cities.
  if (typed.includes('/') && isValidTimeZone(typed)) {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: typed }).resolvedOptions().timeZone;
    return ok(ZONE_BY_LOWER_NAME.get(resolved.toLowerCase()) ?? currentName(resolved));
  }
  return fail(
    `I don't know the timezone${typed === '' ? '' : ` "${quoteUserText(text, 40)}"`}. ` +
      'Pick one from the /quiz-setup suggestions as you type, e.g. Europe/Madrid or America/New_York.',
  );
}

/**
 * Autocomplete: zones containing the typed text, best matches first — the whole
 * name, then a segment ("madrid" → Europe/Madrid), then a word ("york"), then anywhere.
 */
export function timezoneChoices(typed: string, limit = 25): string[] {
  const query = typed.trim().toLowerCase().replace(/\s+/g, '_');
  if (query === '') return ZONES.slice(0, limit);
  const rank = (zone: string): number => {
    const name = zone.toLowerCase();
    if (name.startsWith(query)) return 0;
    if (name.split('/').some((segment) => segment.startsWith(query))) return 1;
    if (name.split(/[/_-]/).some((word) => word.startsWith(query))) return 2;
    return name.includes(query) ? 3 : -1;
  };
  return ZONES.map((zone) => ({ zone, rank: rank(zone) }))
    .filter((entry) => entry.rank >= 0)
    .sort((a, b) => a.rank - b.rank || a.zone.localeCompare(b.zone, 'en'))
    .slice(0, limit)
    .map((entry) => entry.zone);
}

const FULL_DAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const DAY_GROUPS: ReadonlyMap<string, readonly number[]> = new Map(
  Object.entries({
    daily: [0, 1, 2, 3, 4, 5, 6],
    everyday: [0, 1, 2, 3, 4, 5, 6],
    weekdays: [0, 1, 2, 3, 4],
    weekday: [0, 1, 2, 3, 4],
    weekends: [5, 6],
    weekend: [5, 6],
  }),
);
const DAYS_HELP = 'Use mon, tue, wed, thu, fri, sat, sun, a range like mon-fri, or daily / weekdays.';

/** "mon", "tues", "thursday" → index; anything shorter than three letters is too ambiguous. */
function dayIndex(word: string): number | undefined {
  if (word.length < 3) return undefined;
  const index = FULL_DAY_NAMES.findIndex((name) => name.startsWith(word));
  return index === -1 ? undefined : index;
}

export function parseDays(text: string): Parsed<Weekday[]> {
  const normalized = text
    .trim()
    .toLowerCase()
    .replace(/\s*-\s*/g, '-')
    .replace(/\bevery\s+day\b/g, 'daily');
  const tokens = normalized.split(/[\s,;]+/).filter((token) => token !== '');
  if (tokens.length === 0) return fail('Choose at least one day, such as mon-fri, daily or mon,wed,fri.');
  const chosen = new Set<number>();
  for (const token of tokens) {
    const group = DAY_GROUPS.get(token);
    if (group) {
      group.forEach((day) => chosen.add(day));
      continue;
    }
    const ends = token.split('-');
    const indexes = ends.map(dayIndex);
    const [start, end] = indexes;
    if (ends.length === 1 && start !== undefined) {
      chosen.add(start);
    } else if (ends.length === 2 && start !== undefined && end !== undefined) {
      // A range may wrap past Sunday: fri-mon is fri, sat, sun, mon.
      for (let day = start; ; day = (day + 1) % 7) {
        chosen.add(day);
        if (day === end) break;
      }
    } else {
      const what = ends.length === 1 ? 'the day' : 'the day range';
      return fail(`I don't recognise ${what} "${quoteUserText(token, 40)}". ${DAYS_HELP}`);
    }
  }
  return ok(WEEKDAYS.filter((_, index) => chosen.has(index)));
}

/** The shortest readable form: "daily", "mon-fri", "mon, wed, fri", "mon, fri-sun". */
export function formatDays(days: readonly Weekday[]): string {
  const set = new Set(days);
  if (set.size === 7) return 'daily';
  const parts: string[] = [];
  for (let index = 0; index < 7; index++) {
    if (!set.has(WEEKDAYS[index] as Weekday)) continue;
    let last = index;
    while (last + 1 < 7 && set.has(WEEKDAYS[last + 1] as Weekday)) last++;
    parts.push(last === index ? `${WEEKDAYS[index]}` : `${WEEKDAYS[index]}-${WEEKDAYS[last]}`);
    index = last;
  }
  return parts.join(', ');
}

const WINDOW_PATTERN = /^(?:(\d+)(?:d|days?))?(?:(\d+)(?:h|hrs?|hours?))?(?:(\d+)(?:m|mins?|minutes?))?$/;

export function parseWindow(text: string): Parsed<number> {
  const compact = text.trim().toLowerCase().replace(/\s+/g, '');
  const match = /^\d+$/.test(compact) ? [compact, undefined, undefined, compact] : WINDOW_PATTERN.exec(compact);
  if (compact === '' || !match) return fail(`The answer window must look like 12h, 90m or 1h30m${notThis(text)}.`);
  const [, days = '0', hours = '0', minutes = '0'] = match;
  const total = Number(days) * MINUTES_PER_DAY + Number(hours) * 60 + Number(minutes);
  if (total < 1) return fail('The answer window must be at least 1 minute.');
  if (total > MAX_WINDOW_MINUTES) return fail(`The answer window can be at most 7 days (7d)${notThis(text)}.`);
  return ok(total);
}

export function parseChapters(text: string, chapterCount: number): Parsed<number[] | 'all'> {
  const normalized = text
    .trim()
    .toLowerCase()
    .replace(/\s*-\s*/g, '-');
  if (normalized === 'all') return ok('all');
  const tokens = normalized.split(/[\s,;]+/).filter((token) => token !== '');
  if (tokens.length === 0) return fail('Choose chapters, such as all, 13 or 13-17,20.');
  const available = chapterCount < 1 ? 'no chapters' : chapterCount === 1 ? 'only chapter 1' : `chapters 1-${chapterCount}`;
  const chosen = new Set<number>();
  for (const token of tokens) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(token);
    if (!match) return fail(`Chapters must look like all, 13 or 13-17,20, not "${quoteUserText(token, 40)}".`);
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    if (last < first) return fail(`The range "${token}" runs backwards; write it as ${last}-${first}.`);
    if (first < 1 || last > chapterCount) {
      return fail(`This course has ${available}, so "${token}" is out of range.`);
    }
    for (let chapter = first; chapter <= last; chapter++) chosen.add(chapter);
  }
  return ok([...chosen].sort((a, b) => a - b));
}
