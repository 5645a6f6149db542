import { openLessonButton } from '../src/content/replies.js';
import { defineCommand, type CommandContext } from '../src/core/command.js';
import { badInput, notFound } from '../src/core/errors.js';
import { reply, type Reply } from '../src/core/reply.js';
import { lessonCount, lessonsLeft, positionOf, progressBar } from '../src/plans/course-order.js';
import type { StudyPlan } from '../src/plans/model.js';
import { parseLesson } from '../src/plans/plan-input.js';
import { formatLocalDate } from '../src/plans/plan-schedule.js';
import { readLessonButton } from '../src/plans/replies.js';
import { localTime } from '../src/quiz/replies.js';
import { formatDays, minimumGapMinutes, parseDays, parseTime, parseTimezone, timezoneChoices, type Parsed, type Weekday } from '../src/quiz/schedule.js';

const DEFAULTS = { from: '1.1', pace: 1, time: '08:00', days: 'mon-fri' } as const;
/** The daily quiz a plan sets up where the channel has none: open as long as on /quiz-setup, or until the next post. */
const QUIZ_WINDOW_MINUTES = 720;

async function planOf(ctx: CommandContext): Promise<StudyPlan> {
  const plan = await ctx.services.plans.planFor(ctx.tenant.id, ctx.channel?.id);
  if (!plan) throw notFound('There is no study plan in this channel yet. An admin can start one with `/plan start`.');
  return plan;
}

function lessonName(ctx: CommandContext, id: string | null | undefined): string {
  if (!id) return '—';
  const sub = ctx.services.course.subchapter(id);
  return sub ? `\`${sub.id}\` ${sub.title}` : `\`${id}\``;
}

async function start(ctx: CommandContext): Promise<Reply> {
  const { options, services } = ctx;
  const channelId = options.string('channel') ?? ctx.channel?.id;
  if (!channelId) throw badInput('Which channel? Add `channel:#study`.');
  const quizChannel = await services.quiz.channels.channel(ctx.tenant.id, channelId);
  const problems: string[] = [];
  const take = <T>(raw: string | undefined, parse: (text: string) => Parsed<T>, fallback: string): T | undefined => {
    const parsed = parse(raw ?? fallback);
    if (parsed.ok) return parsed.value;
    problems.push(parsed.error);
    return undefined;
  };
  const from = take(options.string('from'), (t) => parseLesson(services.course, t), DEFAULTS.from);
  const time = take(options.string('time'), parseTime, DEFAULTS.time);
  const timezone = take(options.string('timezone'), parseTimezone, quizChannel?.timezone ?? 'UTC');
  const days = take<Weekday[]>(options.string('days'), parseDays, DEFAULTS.days);
  const pace = options.integer('pace') ?? DEFAULTS.pace;
  if (!problems.length) {
    const access = await services.quiz.channels.checkAccess(ctx.tenant.id, channelId);
    if (access) problems.push(access);
  }
  if (problems.length || !from || !time || !timezone || !days) throw badInput(`Nothing was changed:\n${problems.map((p) => `• ${p}`).join('\n')}`);
  const channelName = channelId === ctx.channel?.id ? (ctx.channel?.name ?? null) : (quizChannel?.channelName ?? null);
  const plan = await services.plans.start({
    tenantId: ctx.tenant.id,
    channelId,
    channelName,
    startLesson: from.id,
    nextLesson: from.id,
    pace,
    time,
    timezone,
    days,
    status: 'active',
    startedBy: ctx.user.id,
  });
  // A plan without a quiz is half a plan: the channel gets one on the plan's lessons, same days and time.
  if (!quizChannel) {
    const windowMinutes = Math.min(QUIZ_WINDOW_MINUTES, minimumGapMinutes({ time, timezone, days, windowMinutes: 1 }));
    await services.quiz.channels.configure({
      tenantId: ctx.tenant.id,
      channelId,
      channelName,
      time,
      timezone,
      days,
      chapters: null,
      windowMinutes,
      enabled: true,
    });
  }
  const next = await services.plans.nextPost(plan);
  const finish = services.plans.estimatedFinish(plan, next);
  return reply({
    title: '📅 Study plan started',
    body: `<#${channelId}> goes through the course from ${lessonName(ctx, from.id)}: ${lessonCount(pace)} every study day (${formatDays(days)}) at ${time} ${timezone}.`,
    fields: [
      { name: 'First lesson', value: lessonName(ctx, from.id), inline: true },
      { name: 'First post', value: next ? localTime(next.opensAt, timezone) : '—', inline: true },
      { name: 'Estimated finish', value: finish ? formatLocalDate(finish) : '—', inline: true },
      {
        name: 'Daily quiz',
        value: quizChannel
          ? 'Its questions now come from the lessons the plan has posted here, with a recap of older ones now and then.'
          : `Set up too, at the same time: questions on the lessons the plan has posted. Change it with \`/quiz-setup\`.`,
      },
    ],
    footer: '/plan now posts the first lesson right away · /plan status shows where the group is',
    private: true,
    accent: 'success',
  });
}

async function now(ctx: CommandContext): Promise<Reply> {
  const plan = await planOf(ctx);
  const where = `<#${plan.channelId}>`;
  if (plan.status === 'paused') throw badInput(`The study plan in ${where} is paused: \`/plan resume\` first.`);
  if (plan.nextLesson === null) return reply({ body: `The plan in ${where} has posted the whole course. 🎓`, private: true, accent: 'info' });
  const { post, created, delivered } = await ctx.services.plans.postNow(plan);
  const lessons = post ? post.lessonIds.join(', ') : '';
  const body = !post
    ? `Nothing was posted: the plan in ${where} changed meanwhile. Try again.`
    : delivered
      ? created
        ? `Posted lesson ${lessons} in ${where}.`
        : `Today's lesson (${lessons}) is already posted in ${where}. \`/plan skip\` or \`/plan goto\` change what comes next.`
      : `Lesson ${lessons} for ${where} is on its way: I couldn't post it yet, and I'll keep trying.`;
  return reply({ body, private: true, accent: created && delivered ? 'success' : delivered ? 'info' : 'warning' });
}

async function status(ctx: CommandContext): Promise<Reply> {
  const { plans, course } = ctx.services;
  const plan = await planOf(ctx);
  const [posted, next] = await Promise.all([plans.postedLessons(plan), plans.nextPost(plan)]);
  const current = posted.at(-1);
  const total = course.subchapters.length;
  const position = current ? positionOf(course, current) : 0;
  const finish = plans.estimatedFinish(plan, next);
  const where = plan.status === 'paused' ? 'Paused: `/plan resume` picks it up again.' : next ? localTime(next.opensAt, plan.timezone) : '—';
  const chapter = current ? course.subchapter(current)?.chapter : undefined;
  return reply({
    title: `📅 Study plan in #${plan.channelName ?? 'channel'}`.slice(0, 256),
    body: `${progressBar(position, total)}\n${current ? `Lesson ${position} of ${total} · chapter ${chapter}` : `Not started yet: the first post brings ${lessonName(ctx, plan.nextLesson)}.`}`,
    fields: [
      { name: 'Current lesson', value: current ? lessonName(ctx, current) : 'None posted yet', inline: true },
      { name: 'Next lesson', value: plan.nextLesson ? lessonName(ctx, plan.nextLesson) : 'None: the whole course is posted 🎓', inline: true },
      { name: 'Next post', value: plan.nextLesson ? where : '—', inline: true },
      { name: 'Pace', value: `${lessonCount(plan.pace)} a study day, ${formatDays(plan.days)} at ${plan.time} ${plan.timezone}`, inline: true },
      {
        name: 'Estimated finish',
        value: finish ? `${formatLocalDate(finish)} (${lessonCount(lessonsLeft(course, plan.nextLesson))} to go)` : '—',
        inline: true,
      },
    ],
    buttons: current ? [[{ label: `📖 Read ${current}`, action: openLessonButton.id([current, 'private']), style: 'secondary' }]] : undefined,
    footer: '/progress shows where you stand · ✅ Done on a lesson marks it',
    private: true,
    accent: 'info',
  });
}

async function move(ctx: CommandContext, what: 'skip' | 'goto'): Promise<Reply> {
  const { plans, course } = ctx.services;
  const plan = await planOf(ctx);
  let target: string | null;
  if (what === 'goto') {
    const parsed = parseLesson(course, ctx.options.string('lesson') ?? '');
    if (!parsed.ok) throw badInput(`Nothing was changed: ${parsed.error.charAt(0).toLowerCase()}${parsed.error.slice(1)}`);
    target = parsed.value.id;
  } else {
    if (plan.nextLesson === null) throw badInput('Nothing was changed: the plan has posted the whole course, there is nothing left to skip.');
    target = null;
  }
  const result = what === 'goto' ? await plans.goto(plan, target!) : await plans.skip(plan);
  if (!result.ok)
    throw badInput(
      result.reason === 'moved' ? 'Nothing was changed: the plan moved on meanwhile (a lesson was just posted). Try again.' : 'The study plan is gone.',
    );
  const next = result.plan.nextLesson;
  const body =
    what === 'skip'
      ? `Skipped ${lessonName(ctx, plan.nextLesson)}. Next: ${next ? lessonName(ctx, next) : 'nothing, the course is through'}.`
      : `The next lesson is now ${lessonName(ctx, next)}.`;
  return reply({ body, private: true, accent: 'success' });
}

async function setStatus(ctx: CommandContext, status: 'paused' | 'active'): Promise<Reply> {
  const plan = await planOf(ctx);
  const where = `<#${plan.channelId}>`;
  if (plan.status === status) {
    return reply({
      body: status === 'paused' ? `The plan in ${where} is already paused.` : `The plan in ${where} is already running.`,
      private: true,
      accent: 'info',
    });
  }
  const result = status === 'paused' ? await ctx.services.plans.pause(plan) : await ctx.services.plans.resume(plan);
  if (!result.ok) throw notFound('The study plan is gone.');
  const next = status === 'active' ? await ctx.services.plans.nextPost(result.plan) : undefined;
  return reply({
    body:
      status === 'paused'
        ? `Paused the study plan in ${where}: no lessons are posted until \`/plan resume\`. The daily quiz keeps asking about the lessons posted so far.`
        : `Resumed the study plan in ${where}. Next: ${lessonName(ctx, plan.nextLesson)}${next ? `, ${localTime(next.opensAt, plan.timezone)}` : ''}.`,
    private: true,
    accent: 'success',
  });
}

async function stop(ctx: CommandContext): Promise<Reply> {
  const plan = await planOf(ctx);
  await ctx.services.plans.stop(plan);
  return reply({
    body: `Stopped the study plan in <#${plan.channelId}>. Members keep their progress; the daily quiz goes back to the channel's chapters (\`/quiz-setup\`).`,
    private: true,
    accent: 'success',
  });
}

const lessonOption = (name: string, description: string, required = false) => ({ name, type: 'string' as const, description, autocomplete: true, required });

export default defineCommand({
  name: 'plan',
  description: 'A study plan: the course lesson by lesson in a channel, with progress',
  usage: ['/plan start channel:#study from:1.1 pace:1 time:08:00 timezone:Europe/Madrid days:mon-fri', '/plan status', '/plan now', '/plan goto lesson:17.3'],
  subcommands: [
    {
      name: 'start',
      description: 'Start (or replace) the study plan of a channel',
      adminOnly: true,
      usage: '/plan start channel:#study from:1.1 pace:1 time:08:00 timezone:Europe/Madrid days:mon-fri',
      options: [
        { name: 'channel', type: 'channel', description: 'Where to post the lessons (default: this channel)' },
        lessonOption('from', 'The first lesson, e.g. 1.1 or 17.3 (default 1.1)'),
        { name: 'pace', type: 'integer', description: 'Lessons per study day, 1–3 (default 1)', min: 1, max: 3 },
        { name: 'time', type: 'string', description: 'Local time to post, HH:MM (default 08:00)' },
        { name: 'timezone', type: 'string', description: "IANA timezone (default: the channel's quiz timezone or UTC)", autocomplete: true },
        { name: 'days', type: 'string', description: 'Study days: mon-fri, daily or a list like mon,wed,fri (default mon-fri)' },
      ],
    },
    { name: 'now', description: "Post the next lesson(s) right away; they count as today's", adminOnly: true, usage: '/plan now' },
    { name: 'status', description: 'Where the plan is: current and next lesson, next post, finish date', usage: '/plan status', default: true },
    { name: 'skip', description: 'Skip the next lesson without posting it', adminOnly: true, usage: '/plan skip' },
    {
      name: 'goto',
      description: 'Make a lesson the next one to post',
      adminOnly: true,
      usage: '/plan goto lesson:17.3',
      options: [lessonOption('lesson', 'The lesson to post next, e.g. 17.3', true)],
    },
    { name: 'pause', description: 'Pause the plan: no lesson posts until resumed', adminOnly: true, usage: '/plan pause' },
    { name: 'resume', description: 'Resume a paused plan', adminOnly: true, usage: '/plan resume' },
    { name: 'stop', description: 'Stop the plan (members keep their progress)', adminOnly: true, usage: '/plan stop' },
  ],
  async execute(ctx) {
    switch (ctx.subcommand) {
      case 'start':
        return start(ctx);
      case 'now':
        return now(ctx);
      case 'skip':
        return move(ctx, 'skip');
      case 'goto':
        return move(ctx, 'goto');
      case 'pause':
        return setStatus(ctx, 'paused');
      case 'resume':
        return setStatus(ctx, 'active');
      case 'stop':
        return stop(ctx);
      default:
        return status(ctx);
    }
  },
  autocomplete(ctx, request) {
    if (request.option === 'timezone') return timezoneChoices(request.value).map((zone) => ({ name: zone, value: zone }));
    return ctx.services.course.autocomplete(request.value).filter((choice) => /^\d+\.\d+$/.test(String(choice.value)));
  },
  actions: [readLessonButton],
});
