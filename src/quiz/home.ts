import type { InteractionContext } from '../core/command.js';
import { reply, type Reply } from '../core/reply.js';
import { quoteUserText } from '../core/sanitize.js';
import { lessonCount, progressBar } from '../plans/course-order.js';
import { currentPeriodStarts } from './leaderboard.js';
import { localTime } from './replies.js';
import { channelSpec, nextSlot } from './schedule.js';

/** The study plans of the channels the member is in: where each is, and where the member stands against it. */
async function planLines(
  ctx: InteractionContext,
  done: ReadonlySet<string>,
  memberChannels?: () => Promise<ReadonlySet<string> | undefined>,
): Promise<string[]> {
  const { plans, course } = ctx.services;
  const all = await plans.list(ctx.tenant.id);
  if (!all.length || !memberChannels) return [];
  const mine = await memberChannels();
  // Without the member's channels, show none rather than a plan in a channel they may not see.
  const shown = all.filter((plan) => mine?.has(plan.channelId));
  return Promise.all(
    shown.slice(0, 10).map(async (plan) => {
      const [posted, next] = await Promise.all([plans.postedLessons(plan), plans.nextPost(plan)]);
      const behind = new Set(posted.filter((id) => !done.has(id))).size;
      const upcoming = plan.nextLesson ? `next ${plan.nextLesson} ${course.subchapter(plan.nextLesson)?.title ?? ''}`.trim() : 'the whole course is posted';
      const when = plan.status === 'paused' ? ' (paused)' : next ? `, ${localTime(next.opensAt, plan.timezone)}` : '';
      const you = behind ? `you are ${lessonCount(behind)} behind` : 'you are up to date';
      return `<#${plan.channelId}>: ${upcoming}${when} · ${you}`;
    }),
  );
}

/** A member's home page (Slack's App Home): points, streak, reviews due, course progress, study plans, the next quiz, the week's top 5. */
export async function homeReply(ctx: InteractionContext, memberChannels?: () => Promise<ReadonlySet<string> | undefined>): Promise<Reply> {
  const { leaderboards, stats, reviews, quiz, clock, progress, course } = ctx.services;
  const now = clock.now();
  const timezone = await leaderboards.timezone(ctx.tenant.id);
  const [week, numbers, due, channels, mine] = await Promise.all([
    leaderboards.board(ctx.tenant.id, 'week', now, ctx.user.id, 5),
    stats.userStats(ctx.tenant.id, ctx.user.id, currentPeriodStarts(now, timezone), now),
    reviews.due(ctx.tenant.id, ctx.user.id, now),
    quiz.channels.list(ctx.tenant.id),
    progress.summary(ctx.tenant.id, ctx.user.id),
  ]);
  const plansShown = await planLines(ctx, mine.done, memberChannels);
  const total = course.subchapters.length;
  const me = week.caller;
  const next = channels
    .filter((c) => c.enabled)
    .map((c) => ({ c, at: nextSlot(channelSpec(c), now).opensAt }))
    .sort((a, b) => a.at.getTime() - b.at.getTime())[0];
  const top = week.top.map((r) => `${r.rank}. ${quoteUserText(r.entry.displayName, 40)} · ${r.entry.points} pts`);
  return reply({
    title: '📚 studybot',
    body: `Hi ${quoteUserText(ctx.user.displayName, 40)}! Open a lesson with \`/lesson\`, practise with \`/quiz\`.`,
    fields: [
      { name: 'Your week', value: `${numbers.points.week.total} points · 🔥 ${me?.entry.streak ?? 0}-day streak${me ? ` · rank #${me.rank}` : ''}` },
      { name: 'Reviews', value: due.count ? `${due.count} due now: \`/review\`` : 'Nothing due right now' },
      {
        name: 'Your course',
        value: `${progressBar(mine.done.size, total)} · ${mine.done.size} of ${total} lessons done${mine.courseComplete ? ' · 🎓 course complete' : ''}${mine.suggested ? `\nNext: \`/lesson ${mine.suggested}\`` : ''}`,
      },
      ...(plansShown.length ? [{ name: 'Study plans', value: plansShown.join('\n') }] : []),
      {
        name: 'Next daily quiz',
        value: next ? `${localTime(next.at, next.c.timezone)} in <#${next.c.channelId}>` : 'No daily quiz set up yet (admins: `/quiz-setup`)',
      },
      { name: 'Top 5 this week', value: top.length ? top.join('\n') : 'Nobody yet: answer the daily quiz!' },
    ],
    accent: 'info',
  });
}
