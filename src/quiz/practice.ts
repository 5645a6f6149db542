import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { CourseCatalog } from '../content/catalog.js';
import type { Question } from '../content/model.js';
import { defineAction } from '../core/actions.js';
import type { InteractionContext } from '../core/command.js';
import { notFound } from '../core/errors.js';
import { reply, type Reply } from '../core/reply.js';
import { openLessonButton } from '../content/replies.js';
import { lessonIdArg, questionHashArg, shownChoiceArg } from './button-args.js';
import { LETTERS } from './replies.js';
import { reportQuestionButton } from './reports.js';
import { shuffledChoiceOrder } from './selection.js';
import { formatRelative } from './time-zone.js';

/**
 * Practice questions: private, no points. Buttons carry the question (lesson
 * id + wording hash), the shown order and the choice, so answering needs no
 * server-side state.
 */
export type Scope = string; // "all", a chapter number, a lesson id, or "review" (the user's due cards)

export function practicePool(course: CourseCatalog, scope: Scope): Question[] {
  if (scope === 'all') return course.questions;
  if (/^\d+$/.test(scope)) return course.questions.filter((q) => q.lessonId.startsWith(`${scope}.`));
  return course.questions.filter((q) => q.lessonId === scope);
}

const keyParts = (key: string): [string, string] => key.split(':') as [string, string];

const scopeArg = z.string().regex(/^(all|review|\d{1,3}|\d{1,3}\.\d{1,3})$/);
/**
 * The order the choices were shown in, as four digits (`2031`: A is choice 2…).
 * Any four digits decode; a repeated one is a question that changed, which the handler answers.
 */
const choiceOrderArg = z.codec(z.string().regex(/^[0-3]{4}$/), z.array(z.int().min(0).max(3)).length(4), {
  decode: (code) => [...code].map(Number),
  encode: (order) => order.join(''),
});

/** A–D under a practice question: lesson id, wording hash, shown order, choice, scope. */
export const practiceAnswerButton = defineAction({
  name: 'quiz:practice',
  args: z.tuple([lessonIdArg, questionHashArg, choiceOrderArg, shownChoiceArg, scopeArg]),
  async handle(ctx, [lessonId, hash, order, shown, scope]) {
    const question = ctx.services.course.question(`${lessonId}:${hash}`);
    if (!question || new Set(order).size !== 4) throw notFound('That question has changed since it was asked. Try `/quiz` again.');
    const correct = order[shown] === question.answer;
    const at = ctx.services.clock.now();
    const kind = scope === 'review' ? 'review' : 'practice';
    await ctx.services.practice.record({ tenantId: ctx.tenant.id, userId: ctx.user.id, questionKey: question.key, kind, correct, at });
    await ctx.services.reviews.record(ctx.tenant.id, ctx.user.id, question.key, correct, at);
    return { ...practiceFeedbackReply(question, order, shown, scope), updateSource: true };
  },
});

/** "Another one", "Next review" and a lesson's "Quiz me": the next question for a scope. */
export const nextQuestionButton = defineAction({
  name: 'quiz:more',
  args: z.tuple([scopeArg]),
  async handle(ctx, [scope]) {
    return { ...(await nextQuestionReply(ctx, scope)), updateSource: true };
  },
});

export function practiceQuestionReply(question: Question, scope: Scope, footer = 'Practice: no points, but it feeds your /review deck'): Reply {
  const header = scope === 'review' ? '🔁 Review' : '🧠 Practice';
  const order = shuffledChoiceOrder(randomBytes(8).toString('hex'));
  const [lessonId, hash] = keyParts(question.key);
  return reply({
    title: `${header} · lesson ${question.lessonId}`,
    body: `**${question.question}**\n\n${order.map((original, shown) => `**${LETTERS[shown]}.** ${question.choices[original]}`).join('\n')}`,
    footer,
    buttons: [
      LETTERS.map((letter, shown) => ({ label: letter, action: practiceAnswerButton.id([lessonId, hash, order, shown, scope]), style: 'primary' as const })),
    ],
    private: true,
    accent: 'info',
  });
}

export function practiceFeedbackReply(question: Question, order: number[], shown: number, scope: Scope): Reply {
  const chosen = order[shown]!;
  const correct = chosen === question.answer;
  const letter = LETTERS[order.indexOf(question.answer)];
  return reply({
    body: `${correct ? '✅ Correct!' : `❌ Not quite: you chose ${LETTERS[shown]}.`} The answer is **${letter}. ${question.choices[question.answer]}**\n\n${question.explanation}`,
    buttons: [
      [
        { label: scope === 'review' ? 'Next review' : 'Another one', action: nextQuestionButton.id([scope]), style: 'primary' },
        { label: `📖 Lesson ${question.lessonId}`, action: openLessonButton.id([question.lessonId, 'private']), style: 'secondary' },
        reportQuestionButton(question),
      ],
    ],
    private: true,
    accent: correct ? 'success' : 'warning',
  });
}

/** The next question for a scope: a random one from the pool, or the most overdue review card. */
export async function nextQuestionReply(ctx: InteractionContext, scope: Scope): Promise<Reply> {
  const { course, reviews, clock } = ctx.services;
  if (scope === 'review') {
    const now = clock.now();
    const { next, count } = await reviews.due(ctx.tenant.id, ctx.user.id, now);
    const question = next && course.question(next.questionKey);
    if (!question) {
      const upcoming = await reviews.upcoming(ctx.tenant.id, ctx.user.id);
      const when = upcoming
        ? `The next one is due ${formatRelative(upcoming, now)} (${upcoming.toISOString().slice(0, 16).replace('T', ' ')} UTC).`
        : 'Your deck is empty: every question you answer goes into it.';
      return reply({ body: `Nothing to review right now. ${when} Try \`/quiz\` for a practice question.`, private: true, accent: 'info' });
    }
    return practiceQuestionReply(question, 'review', `${count} due for review · wrong answers come back soon, right ones later`);
  }
  const pool = practicePool(course, scope);
  const question = pool[Math.floor(Math.random() * pool.length)];
  if (!question) throw notFound('There are no questions there yet. Try `/quiz` for the whole course.');
  return practiceQuestionReply(question, scope);
}
