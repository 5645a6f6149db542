import { defineCommand } from '../src/core/command.js';
import { reply } from '../src/core/reply.js';
import { quoteUserText } from '../src/core/sanitize.js';
import { periodStart, PERIODS, type Period } from '../src/quiz/leaderboard.js';
import { competitionRanking } from '../src/quiz/scoring.js';

const TITLES: Record<Period, string> = { week: 'this week', month: 'this month', all: 'all time' };
const MEDALS = ['🥇', '🥈', '🥉'];

export default defineCommand({
  name: 'leaderboard',
  description: 'Top 10 of the daily quiz: this week, this month or all time',
  usage: ['/leaderboard', '/leaderboard period:month', '/leaderboard all teams'],
  options: [
    {
      name: 'period',
      type: 'string',
      description: 'week (default), month or all',
      choices: PERIODS.map((p) => ({ name: TITLES[p], value: p })),
    },
    {
      name: 'board',
      type: 'string',
      description: 'people (default) or teams',
      choices: [
        { name: 'people', value: 'people' },
        { name: 'teams', value: 'teams' },
      ],
    },
  ],
  async execute(ctx) {
    const period = (ctx.options.string('period') ?? 'week') as Period;
    if (ctx.options.string('board') === 'teams') {
      const { teams, leaderboards, clock } = ctx.services;
      const since = periodStart(period, clock.now(), await leaderboards.timezone(ctx.tenant.id));
      const ranked = competitionRanking(await teams.summaries(ctx.tenant.id, since), (t) => t.points, (a, b) => a.name.localeCompare(b.name));
      return reply({
        title: `🏆 Teams · ${TITLES[period]}`,
        body: ranked.length
          ? ranked
              .slice(0, 10)
              .map(({ rank, entry: t }) => `${MEDALS[rank - 1] ?? `**${rank}.**`} ${t.name} · **${t.points}** pts · ${t.members.length} ${t.members.length === 1 ? 'member' : 'members'} · ${t.members.length ? Math.round(t.points / t.members.length) : 0} per member`)
              .join('\n')
          : 'No teams yet. An admin can create one with `/team create <name>`.',
        accent: 'info',
      });
    }
    const { ranked, timezone } = await ctx.services.leaderboards.people(ctx.tenant.id, period, ctx.services.clock.now());
    if (!ranked.length) {
      return reply({ title: `🏆 Leaderboard · ${TITLES[period]}`, body: 'No points yet. Answer the daily quiz to get on the board!', accent: 'info' });
    }
    const line = (r: (typeof ranked)[number]) =>
      `${MEDALS[r.rank - 1] ?? `**${r.rank}.**`} ${quoteUserText(r.entry.displayName, 40)} · **${r.entry.points}** pts · ${r.entry.correct} correct${r.entry.streak >= 2 ? ` · 🔥 ${r.entry.streak}` : ''}`;
    const top = ranked.slice(0, 10);
    const mine = ranked.find((r) => r.entry.userId === ctx.user.id);
    const lines = top.map(line);
    if (mine && !top.includes(mine)) lines.push('…', line(mine));
    return reply({
      title: `🏆 Leaderboard · ${TITLES[period]}`,
      body: lines.join('\n'),
      footer: `${ranked.length} ${ranked.length === 1 ? 'person' : 'people'} on the board · ${period === 'all' ? 'since the start' : `periods start in ${timezone}`} · /stats for your breakdown`,
      accent: 'info',
    });
  },
});
