import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDays, parseChapters, parseDays, parseTime, parseTimezone, parseWindow, timezoneChoices, WEEKDAYS } from '../../src/quiz/schedule-parse.js';

describe('GIVEN an admin types the quiz time', () => {
  it.each([
    ['09:00', '09:00'],
    ['9:00', '09:00'],
    [' 21:30 ', '21:30'],
    ['00:00', '00:00'],
    ['23:59', '23:59'],
  ])('WHEN they type %j THEN it is stored as %j', (text, stored) => {
    expect(parseTime(text)).toEqual({ ok: true, value: stored });
  });

  it.each([
    ['9am', 'Time must look like 09:00 (24-hour clock), not "9am".'],
    ['0900', 'Time must look like 09:00 (24-hour clock), not "0900".'],
    ['9:5', 'Time must look like 09:00 (24-hour clock), not "9:5".'],
    ['', 'Time must look like 09:00 (24-hour clock).'],
    ['24:00', 'Time must be between 00:00 and 23:59 (24-hour clock), not "24:00".'],
    ['12:60', 'Time must be between 00:00 and 23:59 (24-hour clock), not "12:60".'],
  ])('WHEN they type %j THEN they are told %j', (text, error) => {
    expect(parseTime(text)).toEqual({ ok: false, error });
  });
});

describe('GIVEN an admin types a timezone', () => {
  it.each([
    ['Europe/Madrid', 'Europe/Madrid'],
    ['europe/madrid', 'Europe/Madrid'],
    ['AMERICA/NEW_YORK', 'America/New_York'],
    ['america/new york', 'America/New_York'],
    ['UTC', 'UTC'],
    ['utc', 'UTC'],
    ['Etc/UTC', 'UTC'],
    ['Asia/Kolkata', 'Asia/Kolkata'],
    ['asia/calcutta', 'Asia/Kolkata'],
    ['Europe/Kiev', 'Europe/Kyiv'],
    ['US/Eastern', 'America/New_York'],
  ])('WHEN they type %j THEN the canonical zone %j is stored', (text, zone) => {
    expect(parseTimezone(text)).toEqual({ ok: true, value: zone });
  });

  it.each(['Mars/Olympus', 'Madrid', 'EST', '+02:00'])('WHEN they type %j THEN they are pointed at the autocomplete', (text) => {
    expect(parseTimezone(text)).toEqual({
      ok: false,
      error: `I don't know the timezone "${text}". Pick one from the /quiz-setup suggestions as you type, e.g. Europe/Madrid or America/New_York.`,
    });
  });

  it('WHEN the text would ping or format THEN it is echoed back harmlessly', () => {
    const result = parseTimezone('@everyone');
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error).not.toContain('@everyone');
  });
});

describe('GIVEN the timezone autocomplete', () => {
  it('WHEN "madrid" is typed THEN Europe/Madrid comes first', () => {
    expect(timezoneChoices('madrid')[0]).toBe('Europe/Madrid');
  });

  it('WHEN "new" is typed THEN America/New_York is among the first', () => {
    expect(timezoneChoices('new').slice(0, 3)).toContain('America/New_York');
  });

  it('WHEN "new york" is typed with a space THEN it still matches', () => {
    expect(timezoneChoices('new york')).toEqual(['America/New_York']);
  });

  it('WHEN a prefix is typed THEN whole-name matches rank above segment and substring matches', () => {
    const choices = timezoneChoices('america/');
    expect(choices).toHaveLength(25);
    expect(choices.every((zone) => zone.startsWith('America/'))).toBe(true);
    expect(timezoneChoices('utc')[0]).toBe('UTC');
  });

  it('WHEN a current zone name is typed THEN it is offered even where the runtime lists the old one', () => {
    expect(timezoneChoices('kolkata')).toEqual(['Asia/Kolkata']);
    expect(timezoneChoices('kyiv')).toEqual(['Europe/Kyiv']);
  });

  it('WHEN nothing is typed THEN at most `limit` zones are offered, UTC first', () => {
    expect(timezoneChoices('', 5)).toHaveLength(5);
    expect(timezoneChoices('')[0]).toBe('UTC');
  });

  it('WHEN nothing matches THEN no choices are offered', () => {
    expect(timezoneChoices('xyzzy')).toEqual([]);
  });

  it('WHEN any suggestion is picked THEN parseTimezone accepts it unchanged', () => {
    for (const zone of timezoneChoices('', 1000)) expect(parseTimezone(zone)).toEqual({ ok: true, value: zone });
  });
});

describe('GIVEN an admin types the quiz days', () => {
  it.each([
    ['daily', ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']],
    ['every day', ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']],
    ['weekdays', ['mon', 'tue', 'wed', 'thu', 'fri']],
    ['mon-fri', ['mon', 'tue', 'wed', 'thu', 'fri']],
    ['mon,wed,fri', ['mon', 'wed', 'fri']],
    ['fri, wed, mon, wed', ['mon', 'wed', 'fri']],
    ['sat-sun', ['sat', 'sun']],
    ['mon-wed,fri', ['mon', 'tue', 'wed', 'fri']],
    ['fri-mon', ['mon', 'fri', 'sat', 'sun']],
    ['Tuesday, THURS', ['tue', 'thu']],
    ['mon - wed', ['mon', 'tue', 'wed']],
    ['wed-wed', ['wed']],
  ])('WHEN they type %j THEN the days are %j', (text, days) => {
    expect(parseDays(text)).toEqual({ ok: true, value: days });
  });

  const help = 'Use mon, tue, wed, thu, fri, sat, sun, a range like mon-fri, or daily / weekdays.';
  it.each([
    ['funday', `I don't recognise the day "funday". ${help}`],
    ['mon,t', `I don't recognise the day "t". ${help}`],
    ['mon-', `I don't recognise the day range "mon-". ${help}`],
    ['mon-tue-wed', `I don't recognise the day range "mon-tue-wed". ${help}`],
    ['', 'Choose at least one day, such as mon-fri, daily or mon,wed,fri.'],
    [' , ', 'Choose at least one day, such as mon-fri, daily or mon,wed,fri.'],
  ])('WHEN they type %j THEN they are told %j', (text, error) => {
    expect(parseDays(text)).toEqual({ ok: false, error });
  });

  it.each([
    [['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], 'daily'],
    [['mon', 'tue', 'wed', 'thu', 'fri'], 'mon-fri'],
    [['mon', 'wed', 'fri'], 'mon, wed, fri'],
    [['sun', 'fri', 'sat', 'mon'], 'mon, fri-sun'],
    [['thu'], 'thu'],
  ] as const)('WHEN %j is shown back THEN it reads %j', (days, text) => {
    expect(formatDays(days)).toBe(text);
  });

  it('WHEN any day set is shown and typed again THEN the same days come back (property-based)', () => {
    fc.assert(
      fc.property(fc.subarray([...WEEKDAYS], { minLength: 1 }), (days) => {
        expect(parseDays(formatDays(days))).toEqual({ ok: true, value: days });
      }),
    );
  });
});

describe('GIVEN an admin types the answer window', () => {
  it.each([
    ['12h', 720],
    ['90m', 90],
    ['1h30m', 90],
    ['1h 30m', 90],
    ['45', 45],
    ['2 hours', 120],
    ['1d', 1440],
    ['1m', 1],
    ['7d', 10080],
  ])('WHEN they type %j THEN the window is %i minutes', (text, minutes) => {
    expect(parseWindow(text)).toEqual({ ok: true, value: minutes });
  });

  it.each([
    ['soon', 'The answer window must look like 12h, 90m or 1h30m, not "soon".'],
    ['1.5h', 'The answer window must look like 12h, 90m or 1h30m, not "1.5h".'],
    ['30m1h', 'The answer window must look like 12h, 90m or 1h30m, not "30m1h".'],
    ['-5', 'The answer window must look like 12h, 90m or 1h30m, not "-5".'],
    ['', 'The answer window must look like 12h, 90m or 1h30m.'],
    ['0', 'The answer window must be at least 1 minute.'],
    ['0h0m', 'The answer window must be at least 1 minute.'],
    ['8d', 'The answer window can be at most 7 days (7d), not "8d".'],
    ['10081', 'The answer window can be at most 7 days (7d), not "10081".'],
  ])('WHEN they type %j THEN they are told %j', (text, error) => {
    expect(parseWindow(text)).toEqual({ ok: false, error });
  });
});

describe('GIVEN an admin picks the quiz chapters of a 30-chapter course', () => {
  it.each([
    ['all', 'all'],
    [' ALL ', 'all'],
    ['13-17,20', [13, 14, 15, 16, 17, 20]],
    ['20, 13 - 15, 14', [13, 14, 15, 20]],
    ['1', [1]],
    ['30', [30]],
  ] as const)('WHEN they type %j THEN the chapters are %j', (text, chapters) => {
    expect(parseChapters(text, 30)).toEqual({ ok: true, value: chapters });
  });

  it.each([
    ['0', 'This course has chapters 1-30, so "0" is out of range.'],
    ['31', 'This course has chapters 1-30, so "31" is out of range.'],
    ['25-40', 'This course has chapters 1-30, so "25-40" is out of range.'],
    ['1-99999999999', 'This course has chapters 1-30, so "1-99999999999" is out of range.'],
    ['17-13', 'The range "17-13" runs backwards; write it as 13-17.'],
    ['intro', 'Chapters must look like all, 13 or 13-17,20, not "intro".'],
    ['1-2-3', 'Chapters must look like all, 13 or 13-17,20, not "1-2-3".'],
    ['', 'Choose chapters, such as all, 13 or 13-17,20.'],
  ])('WHEN they type %j THEN they are told %j', (text, error) => {
    expect(parseChapters(text, 30)).toEqual({ ok: false, error });
  });

  it('WHEN the course has one chapter THEN the error says so', () => {
    expect(parseChapters('2', 1)).toEqual({ ok: false, error: 'This course has only chapter 1, so "2" is out of range.' });
  });
});

describe('GIVEN arbitrary input (property-based)', () => {
  it('WHEN any text is parsed THEN every parser answers with a value or a sentence, never a throw', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        for (const result of [parseTime(text), parseTimezone(text), parseDays(text), parseWindow(text), parseChapters(text, 30)]) {
          if (!result.ok) expect(result.error).toMatch(/^[A-Z].*\.$/s);
        }
        expect(timezoneChoices(text).length).toBeLessThanOrEqual(25);
      }),
    );
  });
});

describe('GIVEN text that names an Object.prototype property', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('WHEN it is %s THEN every parser rejects it politely', (text) => {
    for (const parse of [parseDays, parseTimezone, parseTime, parseWindow]) {
      const result = parse(text);
      expect(result.ok).toBe(false);
    }
  });
});
