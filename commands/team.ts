import { defineCommand, type CommandContext } from '../src/core/command.js';
import { badInput, notFound } from '../src/core/errors.js';
import { reply, type Reply } from '../src/core/reply.js';
import { quoteUserText } from '../src/core/sanitize.js';
import { periodStartDate } from '../src/quiz/leaderboard.js';

/** Letters, digits, spaces and a little punctuation: a team name can never mention or format anything. */
const TEAM_NAME = /^[\p{L}\p{N}][\p{L}\p{N} '.-]{0,30}[\p{L}\p{N}.]$/u;

function teamName(ctx: CommandContext): string {
  const name = (ctx.options.string('name') ?? '').replace(/\s+/g, ' ').trim();
  if (!TEAM_NAME.test(name)) {
    throw badInput(`"${quoteUserText(name, 40)}" can't be a team name: use 2–32 letters, digits, spaces, dots, dashes or apostrophes.`);
  }
  return name;
}

const done = (body: string): Reply => reply({ body, private: true, accent: 'success' });

async function existing(ctx: CommandContext, name: string) {
  const team = await ctx.services.teams.find(ctx.tenant.id, name);
  if (!team) throw notFound(`There is no team called "${quoteUserText(name, 40)}". \`/team list\` shows them all.`);
  return team;
}

export default defineCommand({
  name: 'team',
  description: 'Study teams: create, join, leave, list, delete',
  usage: ['/team list', '/team join Night Owls', '/team create Night Owls'],
  subcommands: [
    { name: 'list', description: "Every team with its members and this week's points", usage: '/team list' },
    {
      name: 'join',
      description: 'Join a team (you can be in one team at a time)',
      usage: '/team join Night Owls',
      options: [{ name: 'name', type: 'string', description: 'The team', required: true }],
    },
    { name: 'leave', description: 'Leave your team', usage: '/team leave' },
    {
      name: 'create',
      description: 'Create a team (admins)',
      adminOnly: true,
      usage: '/team create Night Owls',
      options: [{ name: 'name', type: 'string', description: '2–32 characters', required: true }],
    },
    {
      name: 'delete',
      description: 'Delete a team (admins)',
      adminOnly: true,
      usage: '/team delete Night Owls',
      options: [{ name: 'name', type: 'string', description: 'The team', required: true }],
    },
  ],
  async execute(ctx) {
    const { teams, clock, leaderboards } = ctx.services;
    const tenantId = ctx.tenant.id;
    switch (ctx.subcommand) {
      case 'create': {
        const name = teamName(ctx);
        if (!(await teams.create(tenantId, name, ctx.user.id))) throw badInput(`A team called "${name}" already exists.`);
        return done(`Team **${name}** created. Members join with \`/team join ${name}\`.`);
      }
      case 'delete': {
        const team = await existing(ctx, teamName(ctx));
        await teams.delete(tenantId, team.id);
        return done(`Team **${team.name}** deleted. Its members keep their own points.`);
      }
      case 'join': {
        const team = await existing(ctx, teamName(ctx));
        const left = await teams.join(tenantId, ctx.user.id, team.id);
        return done(`You joined **${team.name}**${left ? ` (and left ${left})` : ''}. Your points count for the team from now on.`);
      }
      case 'leave': {
        const left = await teams.leave(tenantId, ctx.user.id);
        return left ? done(`You left **${left}**.`) : reply({ body: "You're not in a team. `/team list` shows them.", private: true, accent: 'info' });
      }
      default: {
        const week = periodStartDate('week', clock.now(), await leaderboards.timezone(tenantId));
        const all = await teams.summaries(tenantId, 'week', week);
        if (!all.length) return reply({ body: 'No teams yet. An admin can create one with `/team create <name>`.', private: true, accent: 'info' });
        return reply({
          title: 'Teams',
          fields: all.slice(0, 25).map((t) => ({
            name: `${t.name} · ${t.points} pts this week`,
            value: t.members.length ? t.members.map((m) => quoteUserText(m.displayName, 40)).join(', ') : '_no members yet_',
          })),
          private: true,
          accent: 'info',
        });
      }
    }
  },
});
