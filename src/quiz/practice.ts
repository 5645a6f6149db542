import { randomBytes } from 'node:crypto';
import type { CourseCatalog } from '../content/catalog.js';
import type { Question } from '../content/model.js';
import { encodeAction } from '../core/actions.js';
import { reply, type Reply } from '../core/reply.js';
import { openLessonAction } from '../content/replies.js';
import { LETTERS } from './replies.js';
import { shuffledChoiceOrder } from './selection.js';

/**
 * Practice questions: private, no points. Buttons carry the question (lesson
 * id + wording hash), the shown order and the choice, so answering needs no
 * server-side state.
 */
export type Scope = string; // "all", a chapter number, or a lesson id

export function practicePool(course: CourseCatalog, scope: Scope): Question[] {
  if (scope === 'all') return course.questions;
  if (/^\d+$/.test(scope)) return course.questions.filter((q) => q.lessonId.startsWith(`${scope}.`));
  return course.questions.filter((q) => q.lessonId === scope);
}

const keyParts = (key: string): [string, string] => key.split(':') as [string, string];

export function practiceQuestionReply(question: Question, scope: Scope, header = '🧠 Practice'): Reply {
  const order = shuffledChoiceOrder(randomBytes(8).toString('hex'));
  const [lessonId, hash] = keyParts(question.key);
  const code = order.join('');
  return reply({
    title: `${header} · lesson ${question.lessonId}`,
    body: `**${question.question}**\n\n${order.map((original, shown) => `**${LETTERS[shown]}.** ${question.choices[original]}`).join('\n')}`,
    footer: 'Practice: no points, but it feeds your /review deck',
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
        { label: 'Another one', action: encodeAction('quiz', 'more', scope), style: 'primary' },
        { label: `📖 Lesson ${question.lessonId}`, action: openLessonAction(question.lessonId, 'private'), style: 'secondary' },
      ],
    ],
    private: true,
    accent: correct ? 'success' : 'warning',
  });
}
