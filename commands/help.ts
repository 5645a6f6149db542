import { defineCommand } from '../src/core/command.js';
import { notFound } from '../src/core/errors.js';
import { reply } from '../src/core/reply.js';
import { quoteUserText } from '../src/core/sanitize.js';
import { SCORING } from '../src/quiz/scoring.js';

const scoringHelp = () =>
  reply({
    title: 'How scoring works',
    body: [
      `Only the **daily quiz** scores. Practice and /review never do.`,
      `• A correct answer: **${SCORING.correct} points**. A wrong one: 0.`,
      `• The first three correct answers of a post: **+${SCORING.speedBonus.join(' / +')}**.`,
      `• Streak: consecutive quiz days answered correctly. From 2 days on it adds **+(days − 1)**, at most +${SCORING.streakBonusCap}, once a day.`,
      `• A wrong answer or a quiz day you skip resets the streak; days without a quiz don't.`,
      `• Leaderboards add up the points of the week (from Monday), the month or all time, in the server's quiz timezone. Ties share a rank (1, 2, 2, 4).`,
      `\`/stats\` shows how your points break down.`,
    ].join('\n'),
    private: true,
    accent: 'info',
  });

export default defineCommand({
  name: 'help',
  description: 'List every command, or explain one',
  usage: ['/help', '/help lesson', '/help scoring'],
  options: [{ name: 'command', type: 'string', description: 'A command to explain (e.g. lesson), or scoring', autocomplete: true }],
  execute(ctx) {
    const commands = ctx.services.commands.list().filter((c) => !c.adminOnly || ctx.user.isAdmin);
    const wanted = ctx.options.string('command')?.replace(/^\//, '').toLowerCase();
    if (wanted === 'scoring') return scoringHelp();
    if (wanted) {
      const def = commands.find((c) => c.name === wanted);
      if (!def) throw notFound(`There is no \`/${quoteUserText(wanted, 32)}\` command. \`/help\` lists them all.`);
      const options = (def.options ?? []).map((o) => `• \`${o.name}\` ${o.description}`);
      const subcommands = (def.subcommands ?? []).map(
        (o) => `• \`${o.usage ?? `/${def.name} ${o.name}`}\` ${o.description}${o.adminOnly ? ' _(admins)_' : ''}`,
      );
      return reply({
        title: `/${def.name}`,
        body: `${def.description}${def.adminOnly ? ' _(admins only)_' : ''}\n\n**Examples**\n${def.usage.map((u) => `\`${u}\``).join('\n')}${options.length ? `\n\n**Options**\n${options.join('\n')}` : ''}${subcommands.length ? `\n\n**Subcommands**\n${subcommands.join('\n')}` : ''}`,
        private: true,
        accent: 'info',
      });
    }
    return reply({
      title: 'studybot commands',
      body: commands.map((c) => `**/${c.name}** — ${c.description}${c.adminOnly ? ' _(admins)_' : ''}\n  e.g. \`${c.usage[0]}\``).join('\n'),
      footer: '/help <command> explains one command · /help scoring explains the points',
      private: true,
      accent: 'info',
    });
  },
  autocomplete(ctx, request) {
    const typed = request.value.replace(/^\//, '').toLowerCase();
    return ctx.services.commands
      .list()
      .filter((c) => c.name.startsWith(typed))
      .map((c) => ({ name: `/${c.name} — ${c.description}`.slice(0, 100), value: c.name }))
      .concat('scoring'.startsWith(typed) ? [{ name: 'scoring — how points, streaks and leaderboards work', value: 'scoring' }] : []);
  },
});
