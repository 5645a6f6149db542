import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';
import { notFound } from '../src/core/errors.js';
import { noMatchReply } from '../src/content/replies.js';
import { nextQuestionReply, practiceFeedbackReply } from '../src/quiz/practice.js';

const scopeSchema = z.string().regex(/^(all|review|\d{1,3}|\d{1,3}\.\d{1,3})$/);

export default defineCommand({
  name: 'quiz',
  description: 'A practice question: random, or on a lesson (17.3), chapter (17) or keywords',
  usage: ['/quiz', '/quiz 17.3', '/quiz fargate'],
  options: [{ name: 'topic', type: 'string', description: 'A lesson, a chapter or keywords (default: the whole course)', autocomplete: true }],
  execute(ctx) {
    const topic = ctx.options.string('topic');
    const match = ctx.services.course.resolve(topic);
    switch (match.kind) {
      case 'contents':
        return nextQuestionReply(ctx, 'all');
      case 'chapter':
        return nextQuestionReply(ctx, String(match.chapter.number));
      case 'lesson':
        return nextQuestionReply(ctx, match.sub.id);
      case 'none':
        return noMatchReply(ctx.services.course, topic ?? '', match.suggestions, match.hint);
    }
  },
  autocomplete(ctx, request) {
    return ctx.services.course.autocomplete(request.value);
  },
  actions: {
    /** A–D under a daily post. */
    answer: {
      args: z.tuple([z.string().regex(/^\d{1,15}$/), z.enum(['0', '1', '2', '3'])]),
      handle(ctx, [postId, shown]) {
        return ctx.services.quiz.answer(ctx.tenant.id, ctx.user, Number(postId), Number(shown), ctx.channel?.id);
      },
    },
    /** A–D under a practice question: lesson id, wording hash, shown order, choice, scope. */
    practice: {
      args: z.tuple([z.string().regex(/^\d{1,3}\.\d{1,3}$/), z.string().regex(/^[0-9a-f]{10}$/), z.string().regex(/^[0-3]{4}$/), z.enum(['0', '1', '2', '3']), scopeSchema]),
      async handle(ctx, [lessonId, hash, code, shown, scope]) {
        const question = ctx.services.course.question(`${lessonId}:${hash}`);
        const order = [...code].map(Number);
        if (!question || new Set(order).size !== 4) throw notFound('That question has changed since it was asked. Try `/quiz` again.');
        const correct = order[Number(shown)] === question.answer;
        const at = ctx.services.clock.now();
        const kind = scope === 'review' ? 'review' : 'practice';
        await ctx.services.practice.record({ tenantId: ctx.tenant.id, userId: ctx.user.id, questionKey: question.key, kind, correct, at });
        await ctx.services.reviews.record(ctx.tenant.id, ctx.user.id, question.key, correct, at);
        return { ...practiceFeedbackReply(question, order, Number(shown), scope), updateSource: true };
      },
    },
    more: {
      args: z.tuple([scopeSchema]),
      async handle(ctx, [scope]) {
        return { ...(await nextQuestionReply(ctx, scope)), updateSource: true };
      },
    },
  },
});
