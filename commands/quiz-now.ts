import { defineCommand } from '../src/core/command.js';
import { notFound } from '../src/core/errors.js';
import { reply } from '../src/core/reply.js';

export default defineCommand({
  name: 'quiz-now',
  description: "Post today's daily question right away (the scheduled one is then skipped)",
  usage: ['/quiz-now', '/quiz-now channel:#study'],
  adminOnly: true,
  options: [{ name: 'channel', type: 'channel', description: 'A channel with a daily quiz (default: this channel)' }],
  async execute(ctx) {
    const channelId = ctx.options.string('channel') ?? ctx.channel?.id ?? '';
    const channel = await ctx.services.quiz.channels.channel(ctx.tenant.id, channelId);
    if (!channel) throw notFound(`There is no daily quiz in <#${channelId}> yet. Set one up with \`/quiz-setup\`.`);
    const { created, delivered } = await ctx.services.quiz.posts.postNow(channel);
    const where = `<#${channelId}>`;
    const body = delivered
      ? created
        ? `Posted today's question in ${where}.`
        : `Today's question is already posted in ${where}.`
      : `Today's question for ${where} is on its way: I couldn't post it yet, and I'll keep trying while its answer window is open.`;
    return reply({ body, private: true, accent: created && delivered ? 'success' : delivered ? 'info' : 'warning' });
  },
});
