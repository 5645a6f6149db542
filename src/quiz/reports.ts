import { z } from 'zod';
import type { Question } from '../content/model.js';
import { defineAction } from '../core/actions.js';
import type { InteractionContext } from '../core/command.js';
import { notFound } from '../core/errors.js';
import { defineForm } from '../core/forms.js';
import { reply, type Button } from '../core/reply.js';
import { quoteUserText } from '../core/sanitize.js';
import { lessonIdArg, questionHashArg } from './button-args.js';

/**
 * "Report a question": a ⚑ Report button under every answer's feedback (daily,
 * practice, review) opens a form with one optional note; what is sent is
 * stored per tenant, one open report per member per question. Admins settle
 * them with /reports (commands/reports.ts).
 */

/** Open reports from this many members of a tenant leave a question out of its daily quiz until it is resolved. */
export const REPORTS_TO_HOLD_BACK = 3;
/** A report's note, and a resolution's: plain text, at most this many characters. */
export const REPORT_NOTE_MAX = 300;

const questionArgs = z.tuple([lessonIdArg, questionHashArg]);
const keyParts = (question: Question): [string, string] => question.key.split(':') as [string, string];

function reportedQuestion(ctx: InteractionContext, lessonId: string, hash: string): Question {
  const question = ctx.services.course.question(`${lessonId}:${hash}`);
  if (!question) throw notFound('That question has changed since it was asked, so there is nothing to report any more. Thanks for looking closely!');
  return question;
}

/** What a member sends: one optional note. On the console the form is sent at once, and `/report <note>` adds the note. */
export const reportForm = defineForm({
  name: 'quiz:report-form',
  args: questionArgs,
  title: 'Report this question',
  submitLabel: 'Send report',
  typedAs: 'report',
  fields: [
    { id: 'note', label: 'What is wrong?', style: 'paragraph', required: false, maxLength: REPORT_NOTE_MAX, placeholder: 'e.g. B is right too, because…' },
  ],
  async handle(ctx, [lessonId, hash], { note }) {
    const question = reportedQuestion(ctx, lessonId, hash);
    const { updated } = await ctx.services.reports.report({
      tenantId: ctx.tenant.id,
      userId: ctx.user.id,
      questionKey: question.key,
      note,
      at: ctx.services.clock.now(),
    });
    const first = updated
      ? note
        ? 'Your report on this question now has your note.'
        : "You had already reported this question: it is still on the admins' list."
      : '⚑ Reported.';
    return reply({
      body: `${first} Thanks — an admin will look at it.${note ? `\nYour note: “${quoteUserText(note, REPORT_NOTE_MAX)}”` : ''}`,
      footer: `Lesson ${question.lessonId}`,
      private: true,
      accent: 'success',
    });
  },
});

/** ⚑ Report under an answer's feedback: opens the report form for that question. */
export const reportButton = defineAction({
  name: 'quiz:report',
  args: questionArgs,
  handle(ctx, [lessonId, hash]) {
    reportedQuestion(ctx, lessonId, hash);
    return reply({
      // Shown only where the form could not be opened in time.
      body: "The report form didn't open in time. Click **⚑ Report** again, please.",
      private: true,
      accent: 'info',
      form: reportForm.open([lessonId, hash]),
    });
  },
});

export function reportQuestionButton(question: Question): Button {
  return { label: '⚑ Report', action: reportButton.id(keyParts(question)), style: 'secondary' };
}
