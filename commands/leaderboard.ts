import type { LeaderboardCardRow } from '../src/core/cards.js';
import { defineCommand } from '../src/core/command.js';
import { reply } from '../src/core/reply.js';
import { quoteUserText } from '../src/core/sanitize.js';
import { periodStartDate, PERIODS, type BoardEntry, type Period } from '../src/quiz/leaderboard.js';
import { competitionRanking, type Ranked } from '../src/quiz/scoring.js';

const TITLES: Record<Period, string> = { week: 'this week', month: 'this month', all: 'all time' };
const MEDALS = ['🥇', '🥈', '🥉'];
const TOP = 10;

/** Medals go to people who scored: a board where nobody has points yet hands out none. */
const place = (rank: number, points: number): string => (points > 0 ? MEDALS[rank - 1] : undefined) ?? `**${rank}.**`;

const personRow = ({ rank, entry }: Ranked<BoardEntry>, callerId: string): LeaderboardCardRow => ({
  rank,
  name: entry.displayName,
  points: entry.points,
  detail: `${entry.correct} right`,
  streak: entry.streak,
  you: entry.userId === callerId,
});

const personLine = ({ rank, entry }: Ranked<BoardEntry>): string =>
  `${place(rank, entry.points)} ${quoteUserText(entry.displayName, 40)} · **${entry.points}** pts · ${entry.correct} correct${entry.streak >= 2 ? ` · 🔥 ${entry.streak}` : ''}`;

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
      const start = periodStartDate(period, clock.now(), await leaderboards.timezone(ctx.tenant.id));
      const ranked = competitionRanking(
        await teams.summaries(ctx.tenant.id, period, start),
        (t) => t.points,
        (a, b) => a.name.localeCompare(b.name),
      );
      const top = ranked.slice(0, TOP);
      return reply({
        title: `🏆 Teams · ${TITLES[period]}`,
        body: ranked.length
          ? ranked
              .slice(0, TOP)
              .map(
                ({ rank, entry: t }) =>
                  `${place(rank, t.points)} ${t.name} · **${t.points}** pts · ${t.members.length} ${t.members.length === 1 ? 'member' : 'members'} · ${t.members.length ? Math.round(t.points / t.members.length) : 0} per member`,
              )
              .join('\n')
          : 'No teams yet. An admin can create one with `/team create <name>`.',
        accent: 'info',
        ...(top.length
          ? {
              card: {
                kind: 'leaderboard' as const,
                title: `Teams · ${TITLES[period]}`,
                place: ctx.tenant.name,
                rows: top.map(({ rank, entry: t }) => ({
                  rank,
                  name: t.name,
                  points: t.points,
                  detail: t.members.length === 1 ? '1 member' : `${t.members.length} members`,
                  you: t.members.some((m) => m.userId === ctx.user.id),
                })),
                footer: `${ranked.length} ${ranked.length === 1 ? 'team' : 'teams'} on the board`,
              },
            }
          : {}),
      });
    }
    const { top, caller, size, timezone } = await ctx.services.leaderboards.board(ctx.tenant.id, period, ctx.services.clock.now(), ctx.user.id, TOP);
    if (!size) {
      return reply({ title: `🏆 Leaderboard · ${TITLES[period]}`, body: 'No points yet. Answer the daily quiz to get on the board!', accent: 'info' });
    }
    const lines = top.map(personLine);
    // The caller's own line, below the top when they are not in it.
    const below = caller && !top.some((r) => r.entry.userId === caller.entry.userId) ? caller : undefined;
    if (below) lines.push('…', personLine(below));
    const onBoard = `${size} ${size === 1 ? 'person' : 'people'} on the board`;
    return reply({
      title: `🏆 Leaderboard · ${TITLES[period]}`,
      body: lines.join('\n'),
      footer: `${onBoard} · ${period === 'all' ? 'since the start' : `periods start in ${timezone}`} · /stats for your breakdown`,
      accent: 'info',
      card: {
        kind: 'leaderboard',
        title: `People · ${TITLES[period]}`,
        place: ctx.tenant.name,
        rows: top.map((r) => personRow(r, ctx.user.id)),
        caller: below && personRow(below, ctx.user.id),
        footer: onBoard,
      },
    });
  },
});
