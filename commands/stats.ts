import { NO_CARDS, type StatsCard } from '../src/core/cards.js';
import { defineCommand } from '../src/core/command.js';
import { ExpiringCache } from '../src/core/expiring-cache.js';
import { reply } from '../src/core/reply.js';
import { quoteUserText } from '../src/core/sanitize.js';
import { currentPeriodStarts } from '../src/quiz/leaderboard.js';
import { addDays, daysFrom } from '../src/quiz/schedule.js';
import type { PointsBreakdown } from '../src/quiz/ports.js';

const CALENDAR_WEEKS = 12;

interface Calendar {
  from: string;
  to: string;
  /** Every day from `from` to `to`, in order: the card's cells. */
  days: readonly string[];
}

/**
 * The same for every /stats of a week: worked out once per week (two at most at a time, servers
 * east and west of a week's turn), not per command, where its 84 dates were 5 % of a /stats burst's CPU.
 */
const calendars = new ExpiringCache<string, Calendar>(Infinity, 4);

/** Monday of the week 11 weeks before this one, through Sunday of this week: the card's 12 columns. */
function calendarOf(thisWeek: string): Calendar {
  return calendars.remember(thisWeek, () => {
    const from = addDays(thisWeek, -7 * (CALENDAR_WEEKS - 1));
    return { from, to: addDays(thisWeek, 6), days: daysFrom(from, CALENDAR_WEEKS * 7) };
  });
}

const explain = (p: PointsBreakdown): string => (p.total ? `**${p.total}** (${p.base} answers + ${p.speed} speed + ${p.streak} streak)` : '**0**');

export default defineCommand({
  name: 'stats',
  description: 'Your points with their breakdown, accuracy, streaks, rank and weakest chapters',
  usage: ['/stats', '/stats user:@ana'],
  options: [{ name: 'user', type: 'user', description: 'Someone else in this server (default: you)' }],
  async execute(ctx) {
    const { stats, leaderboards, lessonViews, clock, course, progress, cards } = ctx.services;
    // The quiz-day calendar is drawn only: with pictures off its query is not worth running.
    const pictured = cards !== NO_CARDS;
    const userId = ctx.options.string('user') ?? ctx.user.id;
    const now = clock.now();
    const timezone = await leaderboards.timezone(ctx.tenant.id);
    const starts = currentPeriodStarts(now, timezone);
    const calendar = calendarOf(starts.week);
    // The lesson the member just opened counts: its view may still be waiting to be written.
    await lessonViews.written();
    // One round trip for all of it; four in parallel cost each /stats three more writes, reads and result
    // sets (docs/PERFORMANCE.md, "/stats in one round trip").
    const numbers = await stats.userStats(ctx.tenant.id, userId, starts, now, pictured ? calendar : undefined);
    const { lessonsOpened: lessons, lessonsDone: done, quizDays } = numbers;
    // Complete needs mastery, read from the member's answers: only worth it once every lesson is done.
    const complete = done >= course.subchapters.length && (await progress.status(ctx.tenant.id, userId)).complete;
    const name = userId === ctx.user.id ? ctx.user.displayName : (numbers.displayName ?? 'That person');
    const answered = numbers.mastery.reduce((n, m) => n + m.answered, 0);
    const correct = numbers.mastery.reduce((n, m) => n + m.correct, 0);
    if (!answered && !lessons && !done) {
      return reply({ body: `${quoteUserText(name, 40)} has no stats yet: open a lesson with \`/lesson\` or try \`/quiz\`.`, private: true, accent: 'info' });
    }
    const weekRank = numbers.week.rank;
    const weakest = [...numbers.mastery]
      .sort((a, b) => a.correct / a.answered - b.correct / b.answered || b.answered - a.answered)
      .slice(0, 5)
      .map((m) => {
        const title = course.chapter(m.chapter)?.title ?? `Chapter ${m.chapter}`;
        return `\`${m.chapter}\` ${title}: ${m.correct}/${m.answered} correct → \`/lesson ${m.chapter}\`, \`/quiz ${m.chapter}\``;
      });
    const card: StatsCard | undefined = pictured
      ? {
          kind: 'stats',
          name,
          points: [
            { label: 'This week', ...numbers.points.week },
            { label: 'This month', ...numbers.points.month },
            { label: 'All time', ...numbers.points.all },
          ],
          accuracy: { correct, answered },
          streak: { current: numbers.streak, best: numbers.bestStreak },
          rank: weekRank ? { rank: weekRank, of: numbers.week.size } : undefined,
          calendar: { days: calendar.days.map((day) => quizDays.get(day)) },
        }
      : undefined;
    return reply({
      card,
      title: `📊 ${quoteUserText(name, 60)}`,
      fields: [
        {
          name: 'Points',
          value: `This week ${explain(numbers.points.week)}\nThis month ${explain(numbers.points.month)}\nAll time ${explain(numbers.points.all)}`,
        },
        {
          name: 'Accuracy',
          value: answered ? `${Math.round((100 * correct) / answered)}% (${correct}/${answered}, daily and practice)` : 'No answers yet',
          inline: true,
        },
        { name: 'Streak', value: `🔥 ${numbers.streak} now · best ${numbers.bestStreak}`, inline: true },
        { name: 'Rank this week', value: weekRank ? `#${weekRank} of ${numbers.week.size}` : 'Not on the board yet', inline: true },
        { name: 'Lessons opened', value: `${lessons} of ${course.subchapters.length}`, inline: true },
        {
          name: 'Course',
          value: complete ? '🎓 Course complete: every chapter done and mastered' : `${done} of ${course.subchapters.length} lessons done · \`/progress\``,
          inline: true,
        },
        ...(weakest.length ? [{ name: 'Weakest chapters first', value: weakest.join('\n') }] : []),
      ],
      private: true,
      accent: 'info',
    });
  },
});
