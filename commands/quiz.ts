import { z } from 'zod';
import { defineCommand, type InteractionContext } from '../src/core/command.js';
import { notFound } from '../src/core/errors.js';
import type { Reply } from '../src/core/reply.js';
import { noMatchReply } from '../src/content/replies.js';
import { practiceFeedbackReply, practicePool, practiceQuestionReply, type Scope } from '../src/quiz/practice.js';

const scopeSchema = z.string().regex(/^(all|\d{1,3}|\d{1,3}\.\d{1,3})$/);

function nextPractice(ctx: InteractionContext, scope: Scope): Reply {
  const pool = practicePool(ctx.services.course, scope);
  const question = pool[Math.floor(Math.random() * pool.length)];
  if (!question) throw notFound('There are no questions there yet. Try `/quiz` for the whole course.');
  return practiceQuestionReply(question, scope);
}

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
        return nextPractice(ctx, 'all');
      case 'chapter':
        return nextPractice(ctx, String(match.chapter.number));
      case 'lesson':
        return nextPractice(ctx, match.sub.id);
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
        return ctx.services.quiz.answer(ctx.tenant.id, ctx.user, Number(postId), Number(shown));
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
        await ctx.services.practice.record({ tenantId: ctx.tenant.id, userId: ctx.user.id, questionKey: question.key, kind: 'practice', correct, at: ctx.services.clock.now() });
        return { ...practiceFeedbackReply(question, order, Number(shown), scope), updateSource: true };
      },
    },
    more: {
      args: z.tuple([scopeSchema]),
      handle(ctx, [scope]) {
        return { ...nextPractice(ctx, scope), updateSource: true };
      },
    },
  },
});
