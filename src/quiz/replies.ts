import { z } from 'zod';
import { defineAction } from '../core/actions.js';
import { truncate } from '../core/markdown.js';
import { reply, type Button, type Reply } from '../core/reply.js';
import { quoteUserText } from '../core/sanitize.js';
import type { CourseCatalog } from '../content/catalog.js';
import type { Question } from '../content/model.js';
import { openLessonButton } from '../content/replies.js';
import { postIdArg, shownChoiceArg } from './button-args.js';
import { reportQuestionButton } from './reports.js';
import type { QuizPost, RevealFacts } from './model.js';
import { formatDayMonth, formatZonedTime } from './time-zone.js';

/** How daily quiz posts, reveals and answer feedback look as core replies, and the A–D button under a post. */
export const LETTERS = ['A', 'B', 'C', 'D'] as const;

/** A–D under a daily post: the post and the position clicked. The post's own channel is checked by the quiz. */
export const dailyAnswerButton = defineAction({
  name: 'quiz:answer',
  args: z.tuple([postIdArg, shownChoiceArg]),
  handle(ctx, [postId, shown]) {
    return ctx.services.quiz.answers.answer(ctx.tenant.id, ctx.user, postId, shown, ctx.channel?.id);
  },
});

export function localTime(instant: Date, timezone: string): string {
  return formatZonedTime(instant.getTime(), timezone);
}

function choicesBody(question: Question, order: readonly number[], mark?: number): string {
  const lines = order.map((original, shown) => {
    const text = `**${LETTERS[shown]}.** ${question.choices[original]}`;
    return mark === undefined ? text : original === question.answer ? `${text} ✅` : text;
  });
  return `**${question.question}**\n\n${lines.join('\n')}`;
}

function lessonButton(question: Question): Button {
  return { label: `📖 Lesson ${question.lessonId}`, action: openLessonButton.id([question.lessonId, 'shared']), style: 'secondary' };
}

function lessonLine(course: CourseCatalog, question: Question): string {
  const sub = course.subchapter(question.lessonId);
  return sub ? truncate(course.lessonLabel(sub), 120) : question.lessonId;
}

export function postReply(course: CourseCatalog, post: QuizPost, question: Question, timezone: string): Reply {
  return reply({
    title: `🧠 Daily quiz · ${formatDayMonth(post.localDate)}`,
    body: choicesBody(question, post.choiceOrder),
    footer: `Lesson ${lessonLine(course, question)} · answers close ${localTime(post.closesAt, timezone)}`,
    buttons: [LETTERS.map((letter, shown) => ({ label: letter, action: dailyAnswerButton.id([post.id, shown]), style: 'primary' as const }))],
    accent: 'info',
  });
}

/** The original post once its window closed: same question, no buttons, the answer marked. */
export function closedPostReply(course: CourseCatalog, post: QuizPost, question: Question): Reply {
  return reply({
    title: `🧠 Daily quiz · ${formatDayMonth(post.localDate)} · closed`,
    body: choicesBody(question, post.choiceOrder, question.answer),
    footer: `Lesson ${lessonLine(course, question)} · closed, the answer is in the thread`,
    accent: 'info',
  });
}

export function revealReply(post: QuizPost, question: Question, facts: RevealFacts): Reply {
  const shownCorrect = post.choiceOrder.indexOf(question.answer);
  const participants = [...facts.tally.values()].reduce((a, b) => a + b, 0);
  const counts = post.choiceOrder
    .map((original, shown) => `${LETTERS[shown]} ${'▰'.repeat(Math.min(facts.tally.get(original) ?? 0, 20))} ${facts.tally.get(original) ?? 0}`)
    .join('\n');
  const winners = facts.firstCorrect.length
    ? facts.firstCorrect.map((w, i) => `${['🥇', '🥈', '🥉'][i]} ${quoteUserText(w.displayName, 40)}`).join('  ')
    : 'Nobody this time. Tomorrow is another chance!';
  return reply({
    title: `✅ The answer: ${LETTERS[shownCorrect]}. ${truncate(question.choices[question.answer]!, 200)}`,
    body: question.explanation,
    fields: [
      { name: `Answers (${participants} ${participants === 1 ? 'person' : 'people'})`, value: `\`\`\`\n${counts}\n\`\`\`` },
      { name: 'First correct', value: winners },
    ],
    buttons: [[lessonButton(question)]],
    accent: 'success',
    card: {
      kind: 'reveal',
      question: question.question,
      choices: post.choiceOrder.map((original, shown) => ({
        label: LETTERS[shown]!,
        text: question.choices[original]!,
        count: facts.tally.get(original) ?? 0,
        correct: original === question.answer,
      })),
    },
  });
}

export type Feedback =
  | { kind: 'recorded'; correct: boolean; points: { base: number; speed: number; streak: number; total: number }; streak: number }
  | { kind: 'already-answered'; choice: number }
  | { kind: 'closed' };

export function feedbackReply(post: QuizPost, question: Question, feedback: Feedback): Reply {
  const correctLetter = LETTERS[post.choiceOrder.indexOf(question.answer)];
  const answerLine = `The answer is **${correctLetter}. ${question.choices[question.answer]}**`;
  let headline: string;
  if (feedback.kind === 'closed') headline = '⏰ This question is closed.';
  else if (feedback.kind === 'already-answered') headline = `You already answered this one (you chose ${LETTERS[post.choiceOrder.indexOf(feedback.choice)]}).`;
  else if (feedback.correct) {
    const { points } = feedback;
    const parts = [`${points.base}`, points.speed ? `${points.speed} speed bonus` : '', points.streak ? `${points.streak} streak bonus` : ''].filter(Boolean);
    headline = `✅ Correct! **+${points.total} points** (${parts.join(' + ')}).${feedback.streak >= 2 ? ` 🔥 ${feedback.streak}-day streak.` : ''}`;
  } else headline = '❌ Not this time. Your streak starts again tomorrow.';
  return reply({
    body: `${headline}\n${answerLine}\n\n${question.explanation}`,
    buttons: [[lessonButton(question), reportQuestionButton(question)]],
    private: true,
    accent: feedback.kind === 'recorded' && feedback.correct ? 'success' : 'warning',
  });
}
