import { defineCommand } from '../src/core/command.js';
import { badInput } from '../src/core/errors.js';
import { reply } from '../src/core/reply.js';
import { describeChannel, formatWindow } from '../src/quiz/describe.js';
import type { QuizChannel } from '../src/quiz/model.js';
import { localTime } from '../src/quiz/replies.js';
import {
  minimumGapMinutes,
  nextSlot,
  parseChapters,
  parseDays,
  parseTime,
  parseTimezone,
  parseWindow,
  timezoneChoices,
  type Parsed,
  channelSpec,
  WEEKDAYS,
} from '../src/quiz/schedule.js';

const DEFAULTS = { time: '09:00', timezone: 'UTC', days: [...WEEKDAYS], chapters: null, windowMinutes: 720 };

export default defineCommand({
  name: 'quiz-setup',
  description: 'Set up (or change) the daily quiz in a channel',
  usage: ['/quiz-setup channel:#study time:09:00 timezone:Europe/Madrid days:mon-fri chapters:13-17,20 window:12h'],
  adminOnly: true,
  options: [
    { name: 'channel', type: 'channel', description: 'Where to post (default: this channel)' },
    { name: 'time', type: 'string', description: 'Local time to post, HH:MM (default 09:00)' },
    { name: 'timezone', type: 'string', description: 'IANA timezone, e.g. Europe/Madrid (default UTC)', autocomplete: true },
    { name: 'days', type: 'string', description: 'daily, mon-fri or a list like mon,wed,fri (default daily)' },
    { name: 'chapters', type: 'string', description: 'all, or ranges like 13-17,20 (default all)' },
    { name: 'window', type: 'string', description: 'How long answers stay open, e.g. 12h or 90m (default 12h)' },
    { name: 'enabled', type: 'boolean', description: 'false pauses the quiz, true resumes it' },
  ],
  async execute(ctx) {
    const { options, services } = ctx;
    const channelId = options.string('channel') ?? ctx.channel?.id;
    if (!channelId) throw badInput('Which channel? Add `channel:#study`.');
    const current = await services.quiz.channels.channel(ctx.tenant.id, channelId);
    const base = current ?? { ...DEFAULTS, enabled: true };
    const problems: string[] = [];
    const take = <T>(raw: string | undefined, parse: (text: string) => Parsed<T>, fallback: T): T => {
      if (raw === undefined) return fallback;
      const parsed = parse(raw);
      if (parsed.ok) return parsed.value;
      problems.push(parsed.error);
      return fallback;
    };
    const chapterCount = services.course.allChapters.length;
    const chapters = take(options.string('chapters'), (t) => parseChapters(t, chapterCount), base.chapters ?? 'all');
    const channel: QuizChannel = {
      tenantId: ctx.tenant.id,
      channelId,
      channelName: channelId === ctx.channel?.id ? (ctx.channel?.name ?? null) : (current?.channelName ?? null),
      time: take(options.string('time'), parseTime, base.time),
      timezone: take(options.string('timezone'), parseTimezone, base.timezone),
      days: take(options.string('days'), parseDays, base.days),
      chapters: chapters === 'all' ? null : chapters,
      windowMinutes: take(options.string('window'), parseWindow, base.windowMinutes),
      enabled: options.boolean('enabled') ?? base.enabled,
    };
    const spec = channelSpec(channel);
    const gap = minimumGapMinutes(spec);
    if (!problems.length && channel.windowMinutes > gap) {
      problems.push(
        `The answer window (${formatWindow(channel.windowMinutes)}) is longer than the gap between two posts (${formatWindow(gap)}): shorten \`window\`.`,
      );
    }
    if (!problems.length && channel.enabled) {
      const access = await services.quiz.channels.checkAccess(ctx.tenant.id, channelId);
      if (access) problems.push(access);
    }
    if (problems.length) throw badInput(`Nothing was changed:\n${problems.map((p) => `• ${p}`).join('\n')}`);
    const saved = await services.quiz.channels.configure(channel);
    const pool = services.quiz.channels.pool(saved).length;
    const next = nextSlot(spec, services.clock.now());
    return reply({
      title: current ? 'Daily quiz updated' : 'Daily quiz set up',
      body: describeChannel(saved),
      fields: [
        { name: 'Next question', value: saved.enabled ? localTime(next.opensAt, saved.timezone) : 'Paused: `/quiz-setup enabled:true` resumes it.' },
        { name: 'Question pool', value: `${pool} questions` },
      ],
      footer: '/quiz-now posts today’s question right away · /quiz-status shows every channel',
      private: true,
      accent: 'success',
    });
  },
  autocomplete(_ctx, request) {
    return request.option === 'timezone' ? timezoneChoices(request.value).map((zone) => ({ name: zone, value: zone })) : [];
  },
});
