import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import type { CourseCatalog } from '../content/catalog.js';
import type { Question } from '../content/model.js';
import { encodeAction } from '../core/actions.js';
import type { InteractionContext } from '../core/command.js';
import { notFound } from '../core/errors.js';
import { reply, type Reply } from '../core/reply.js';
import { openLessonAction } from '../content/replies.js';
import { LETTERS } from './replies.js';
import { shuffledChoiceOrder } from './selection.js';

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

export function practiceQuestionReply(question: Question, scope: Scope, footer = 'Practice: no points, but it feeds your /review deck'): Reply {
  const header = scope === 'review' ? '🔁 Review' : '🧠 Practice';
  const order = shuffledChoiceOrder(randomBytes(8).toString('hex'));
  const [lessonId, hash] = keyParts(question.key);
  const code = order.join('');
  return reply({
    title: `${header} · lesson ${question.lessonId}`,
    body: `**${question.question}**\n\n${order.map((original, shown) => `**${LETTERS[shown]}.** ${question.choices[original]}`).join('\n')}`,
    footer,
    buttons: [LETTERS.map((letter, shown) => ({ label: letter, action: encodeAction('quiz', 'practice', lessonId, hash, code, shown, scope), style: 'primary' as const }))],
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
        { label: scope === 'review' ? 'Next review' : 'Another one', action: encodeAction('quiz', 'more', scope), style: 'primary' },
        { label: `📖 Lesson ${question.lessonId}`, action: openLessonAction(question.lessonId, 'private'), style: 'secondary' },
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
        ? `The next one is due ${DateTime.fromJSDate(upcoming).toRelative({ base: DateTime.fromJSDate(now) })} (${upcoming.toISOString().slice(0, 16).replace('T', ' ')} UTC).`
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
