import type { InteractionContext } from '../core/command.js';
import { reply, type Reply } from '../core/reply.js';
import { quoteUserText } from '../core/sanitize.js';
import { periodStartDate } from './leaderboard.js';
import { localTime } from './replies.js';
import { channelSpec, nextSlot } from './schedule.js';

/** A member's home page (Slack's App Home): points, streak, reviews due, the next quiz, the week's top 5. */
export async function homeReply(ctx: InteractionContext): Promise<Reply> {
  const { leaderboards, stats, reviews, quiz, clock } = ctx.services;
  const now = clock.now();
  const timezone = await leaderboards.timezone(ctx.tenant.id);
  const [week, numbers, due, channels] = await Promise.all([
    leaderboards.board(ctx.tenant.id, 'week', now, ctx.user.id, 5),
    stats.userStats(ctx.tenant.id, ctx.user.id, { week: periodStartDate('week', now, timezone), month: periodStartDate('month', now, timezone) }),
    reviews.due(ctx.tenant.id, ctx.user.id, now),
    quiz.channels.list(ctx.tenant.id),
  ]);
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
        name: 'Next daily quiz',
        value: next ? `${localTime(next.at, next.c.timezone)} in <#${next.c.channelId}>` : 'No daily quiz set up yet (admins: `/quiz-setup`)',
      },
      { name: 'Top 5 this week', value: top.length ? top.join('\n') : 'Nobody yet: answer the daily quiz!' },
    ],
    accent: 'info',
  });
}
