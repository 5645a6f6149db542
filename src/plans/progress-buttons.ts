import { z } from 'zod';
import { lessonIdArg } from '../quiz/button-args.js';
import { defineAction } from '../core/actions.js';
import type { InteractionContext } from '../core/command.js';
import { notFound } from '../core/errors.js';
import { reply, type Reply } from '../core/reply.js';
// Lessons carry these buttons and these open lessons: the modules import each other, so use the imports inside functions only.
import { openLessonButton } from '../content/replies.js';
import { progressBar } from './course-order.js';
import { MASTERY } from './mastery.js';
import type { MarkResult } from './progress.js';

function lessonOf(ctx: InteractionContext, id: string) {
  const sub = ctx.services.course.subchapter(id);
  if (!sub) throw notFound(`Lesson ${id} is no longer in the course. Try \`/lesson\`.`);
  return sub;
}

function chapterLine(result: MarkResult): string {
  const { chapter } = result;
  const total = chapter.chapter.subchapters.length;
  if (chapter.state === 'mastered') return `🏆 **Chapter ${chapter.chapter.number} complete**: every lesson done and mastered.`;
  if (chapter.lessonsDone === total) {
    return `Every lesson of chapter ${chapter.chapter.number} is done. Master it with at least ${Math.round(MASTERY.accuracy * 100)} % right over ${MASTERY.minAnswers} or more of its questions: \`/quiz ${chapter.chapter.number}\`.`;
  }
  return `Chapter ${chapter.chapter.number}: ${chapter.lessonsDone} of ${total} lessons done.`;
}

/** ✅ Done, on every lesson: marks it done for whoever clicks, privately; Undo takes it back. */
export const doneButton = defineAction({
  name: 'progress:done',
  args: z.tuple([lessonIdArg]),
  async handle(ctx, [id]): Promise<Reply> {
    const sub = lessonOf(ctx, id);
    const result = await ctx.services.progress.markDone(ctx.tenant.id, ctx.user.id, sub.id);
    const total = ctx.services.course.subchapters.length;
    const lines = [
      result.changed ? `✅ **${sub.id} ${sub.title}** is done.` : `**${sub.id} ${sub.title}** was already done.`,
      `${progressBar(result.doneCount, total)} · ${result.doneCount} of ${total} lessons`,
      chapterLine(result),
      ...(result.courseComplete ? ['🎓 **Course complete!** Every chapter done and mastered.'] : []),
    ];
    const { next } = ctx.services.course.neighbours(sub.id);
    return reply({
      body: lines.join('\n'),
      buttons: [
        [
          { label: 'Undo', action: undoButton.id([sub.id]), style: 'secondary' },
          ...(next ? [{ label: `Next: ${next.id} ▶`, action: openLessonButton.id([next.id, 'private']), style: 'primary' as const }] : []),
        ],
      ],
      private: true,
      accent: 'success',
    });
  },
});

export const undoButton = defineAction({
  name: 'progress:undo',
  args: z.tuple([lessonIdArg]),
  async handle(ctx, [id]): Promise<Reply> {
    const sub = lessonOf(ctx, id);
    const result = await ctx.services.progress.undo(ctx.tenant.id, ctx.user.id, sub.id);
    const total = ctx.services.course.subchapters.length;
    return reply({
      body: `${result.changed ? `↩️ **${sub.id}** is no longer marked done.` : `**${sub.id}** was not marked done.`}\n${result.doneCount} of ${total} lessons done.`,
      buttons: [[{ label: '✅ Done', action: doneButton.id([sub.id]), style: 'success' }]],
      private: true,
      accent: 'info',
    });
  },
});
