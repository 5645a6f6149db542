import { openLessonButton } from '../src/content/replies.js';
import { defineCommand } from '../src/core/command.js';
import { truncate } from '../src/core/markdown.js';
import { reply, type Field } from '../src/core/reply.js';
import { quoteUserText } from '../src/core/sanitize.js';
import { lessonCount, progressBar } from '../src/plans/course-order.js';
import { STATE_MARK, type ChapterProgress } from '../src/plans/mastery.js';
import { formatLocalDate } from '../src/plans/plan-schedule.js';
import { doneButton, undoButton } from '../src/plans/progress-buttons.js';

/** Chapter lines per field: 33 chapters in two fields stay within Discord's 1,024 characters each. */
const CHAPTERS_PER_FIELD = 17;

const chapterLine = (c: ChapterProgress): string =>
  `${STATE_MARK[c.state]} \`${String(c.chapter.number).padStart(2, ' ')}\` ${truncate(c.chapter.title, 34)} · ${c.lessonsDone}/${c.chapter.subchapters.length}`;

function chapterFields(chapters: readonly ChapterProgress[]): Field[] {
  const fields: Field[] = [];
  for (let i = 0; i < chapters.length; i += CHAPTERS_PER_FIELD) {
    const part = chapters.slice(i, i + CHAPTERS_PER_FIELD);
    fields.push({ name: `Chapters ${part[0]!.chapter.number}–${part.at(-1)!.chapter.number}`, value: part.map(chapterLine).join('\n') });
  }
  return fields;
}

function planLine(plan: { behind: number; ahead: number }): string {
  if (plan.behind) return `${lessonCount(plan.behind)} behind the group`;
  if (plan.ahead) return `Up to date with the group, and ${lessonCount(plan.ahead)} ahead`;
  return 'Up to date with the group';
}

export default defineCommand({
  name: 'progress',
  description: 'Your way through the course: lessons done, chapters mastered, where you stand against the plan',
  usage: ['/progress', '/progress user:@ana'],
  options: [{ name: 'user', type: 'user', description: 'Someone else in this server (default: you)' }],
  async execute(ctx) {
    const { progress, plans, course, identities } = ctx.services;
    const userId = ctx.options.string('user') ?? ctx.user.id;
    const plan = await plans.planFor(ctx.tenant.id, ctx.channel?.id);
    const posted = plan ? await plans.postedLessons(plan) : [];
    const summary = await progress.summary(ctx.tenant.id, userId, plan ? { plan, posted } : undefined);
    const self = userId === ctx.user.id;
    const name = self ? ctx.user.displayName : ((await identities.displayName(ctx.tenant.id, userId)) ?? 'That member');
    const total = course.subchapters.length;
    const suggested = summary.suggested ? course.subchapter(summary.suggested) : undefined;
    const fields: Field[] = [...chapterFields(summary.chapters)];
    if (summary.plan) fields.push({ name: 'Study plan', value: planLine(summary.plan), inline: true });
    if (suggested) fields.push({ name: 'Next lesson', value: `\`/lesson ${suggested.id}\` ${suggested.title}`, inline: true });
    fields.push({
      name: 'Estimated finish',
      value: summary.finish ? `${formatLocalDate(summary.finish)} at this pace` : summary.done.size ? '—' : 'Mark a lesson done to get an estimate',
      inline: true,
    });
    const mastered = summary.chapters.filter((c) => c.state === 'mastered').length;
    const planReached = posted.reduce((furthest, id) => Math.max(furthest, course.subchapter(id)?.chapter ?? 0), 0);
    return reply({
      card: {
        kind: 'progress',
        name,
        lessonsDone: summary.done.size,
        lessonsTotal: total,
        chapters: summary.chapters.map((c) => ({
          number: c.chapter.number,
          state: c.state,
          done: c.lessonsDone,
          lessons: c.chapter.subchapters.length,
        })),
        next: suggested?.chapter,
        plan: planReached || undefined,
      },
      title: `🎯 ${quoteUserText(name, 60)} · course progress`,
      body: [
        `${progressBar(summary.done.size, total)}`,
        `**${summary.done.size} of ${total}** lessons done · ${mastered} of ${summary.chapters.length} chapters mastered`,
        ...(summary.courseComplete ? ['🎓 **Course complete!** Every chapter done and mastered.'] : []),
      ].join('\n'),
      fields,
      buttons: self && suggested ? [[{ label: `📖 ${suggested.id}`, action: openLessonButton.id([suggested.id, 'private']), style: 'primary' }]] : undefined,
      footer: '✓ mastered (all lessons done, 80 % right) · ◐ started · · not yet · ✅ Done on a lesson marks it',
      private: true,
      accent: 'info',
    });
  },
  actions: [doneButton, undoButton],
});
