import { defineCommand } from '../src/core/command.js';
import { notFound } from '../src/core/errors.js';
import { reply } from '../src/core/reply.js';
import { quoteUserText } from '../src/core/sanitize.js';

export default defineCommand({
  name: 'help',
  description: 'List every command, or explain one',
  usage: ['/help', '/help lesson'],
  options: [{ name: 'command', type: 'string', description: 'A command to explain, e.g. lesson', autocomplete: true }],
  execute(ctx) {
    const commands = ctx.services.commands.list().filter((c) => !c.adminOnly || ctx.user.isAdmin);
    const wanted = ctx.options.string('command')?.replace(/^\//, '').toLowerCase();
    if (wanted) {
      const def = commands.find((c) => c.name === wanted);
      if (!def) throw notFound(`There is no \`/${quoteUserText(wanted, 32)}\` command. \`/help\` lists them all.`);
      const options = [...(def.options ?? []), ...(def.subcommands ?? [])].map((o) => `• \`${o.name}\` ${o.description}`);
      return reply({
        title: `/${def.name}`,
        body: `${def.description}${def.adminOnly ? ' _(admins only)_' : ''}\n\n**Examples**\n${def.usage.map((u) => `\`${u}\``).join('\n')}${options.length ? `\n\n**Options**\n${options.join('\n')}` : ''}`,
        private: true,
        accent: 'info',
      });
    }
    return reply({
      title: 'studybot commands',
      body: commands.map((c) => `**/${c.name}** — ${c.description}${c.adminOnly ? ' _(admins)_' : ''}\n  e.g. \`${c.usage[0]}\``).join('\n'),
      footer: '/help <command> explains one command',
      private: true,
      accent: 'info',
    });
  },
  autocomplete(ctx, request) {
    const typed = request.value.replace(/^\//, '').toLowerCase();
    return ctx.services.commands
      .list()
      .filter((c) => c.name.startsWith(typed))
      .map((c) => ({ name: `/${c.name} — ${c.description}`.slice(0, 100), value: c.name }));
  },
});
