import { defineCommand } from '../src/core/command.js';
import { reply } from '../src/core/reply.js';
import { describePlanPool } from '../src/plans/plan-pool.js';
import { describeChannel } from '../src/quiz/describe.js';
import { localTime } from '../src/quiz/replies.js';
import { channelSpec, nextSlot } from '../src/quiz/schedule.js';

export default defineCommand({
  name: 'quiz-status',
  description: 'Show the daily quiz in every channel: next post, question pool',
  usage: ['/quiz-status'],
  async execute(ctx) {
    const { quiz, plans, clock } = ctx.services;
    const channels = await quiz.channels.list(ctx.tenant.id);
    if (!channels.length) {
      return reply({ body: 'No daily quiz is set up yet. An admin can start one with `/quiz-setup`.', private: true, accent: 'info' });
    }
    // Channel names are stored as an admin typed them, private channels included: members get the
    // channel mention in the text instead, which their own client shows only if they can see it.
    const nameOf = (channel: (typeof channels)[number], index: number): string =>
      ctx.user.isAdmin ? (channel.channelName ? `#${channel.channelName}` : channel.channelId) : `Daily quiz ${index + 1}`;
    const fields = await Promise.all(
      channels.map(async (channel, index) => {
        const pool = quiz.channels.pool(channel).length;
        const [{ cycle, used }, plan, held] = await Promise.all([
          quiz.channels.cycle(channel),
          plans.plan(ctx.tenant.id, channel.channelId),
          quiz.channels.heldBackCount(channel),
        ]);
        const next = channel.enabled ? localTime(nextSlot(channelSpec(channel), clock.now()).opensAt, channel.timezone) : 'paused';
        const source = plan
          ? describePlanPool(await plans.postedLessons(plan), plan.startLesson)
          : `${pool} questions${held ? ` (${held} out of the daily quiz for members' reports: /reports)` : ''}, ${Math.min(used.size, pool)} used in round ${cycle}`;
        return { name: nameOf(channel, index), value: `${describeChannel(channel)}\nNext: ${next}\nPool: ${source}` };
      }),
    );
    return reply({ title: 'Daily quiz', fields: fields.slice(0, 25), private: true, accent: 'info' });
  },
});
