import { z } from 'zod';
import { defineCommand, type InteractionContext } from '../src/core/command.js';
import { notFound } from '../src/core/errors.js';
import type { Reply } from '../src/core/reply.js';
import type { Subchapter } from '../src/content/model.js';
import { chapterReply, contentsReply, lessonReply, noMatchReply, visibilityFromMode, type Visibility } from '../src/content/replies.js';

const lessonId = z.string().regex(/^\d{1,3}\.\d{1,3}$/);
const chapterNumber = z.string().regex(/^\d{1,3}$/);
const mode = z.enum(['p', 's']);

async function openLesson(ctx: InteractionContext, sub: Subchapter, visibility: Visibility, alsoSee: Subchapter[] = []): Promise<Reply> {
  const { course, lessonViews, clock } = ctx.services;
  // Unwritten lessons are not "opened": they would inflate progress and stats.
  if (sub.lesson) await lessonViews.record(ctx.tenant.id, ctx.user.id, sub.id, clock.now());
  return lessonReply(course, sub, visibility, alsoSee);
}

/** A click on a private reply turns its page; on a shared one it answers privately. */
const asClick = (r: Reply, visibility: Visibility): Reply => (visibility === 'private' ? { ...r, updateSource: true } : { ...r, private: true });

export default defineCommand({
  name: 'lesson',
  description: 'Read a lesson: by number (17.3), chapter (17) or keyword (fargate)',
  usage: ['/lesson 17.3', '/lesson 17', '/lesson fargate', '/lesson'],
  options: [
    { name: 'topic', type: 'string', description: 'A lesson (17.3), a chapter (17) or keywords (state locking)', autocomplete: true },
    { name: 'share', type: 'boolean', description: 'Post it in the channel for everyone instead of only you' },
  ],
  async execute(ctx) {
    const topic = ctx.options.string('topic');
    const visibility: Visibility = ctx.options.boolean('share') ? 'shared' : 'private';
    const { course } = ctx.services;
    const match = course.resolve(topic);
    switch (match.kind) {
      case 'contents':
        return contentsReply(course, visibility);
      case 'chapter':
        return chapterReply(course, match.chapter, visibility);
      case 'lesson':
        return openLesson(ctx, match.sub, visibility, match.alsoSee);
      case 'none':
        return noMatchReply(course, topic ?? '', match.suggestions, match.hint);
    }
  },
  autocomplete(ctx, request) {
    return ctx.services.course.autocomplete(request.value);
  },
  actions: {
    open: {
      args: z.tuple([lessonId, mode]),
      async handle(ctx, [id, m]) {
        const sub = ctx.services.course.subchapter(id);
        if (!sub) throw notFound(`Lesson ${id} is no longer in the course. Try \`/lesson\`.`);
        const visibility = visibilityFromMode(m);
        return asClick(await openLesson(ctx, sub, visibility), visibility);
      },
    },
    chapter: {
      args: z.tuple([chapterNumber, mode]),
      handle(ctx, [n, m]) {
        const chapter = ctx.services.course.chapter(Number(n));
        if (!chapter) throw notFound(`Chapter ${n} is no longer in the course. Try \`/lesson\`.`);
        const visibility = visibilityFromMode(m);
        return asClick(chapterReply(ctx.services.course, chapter, visibility), visibility);
      },
    },
    contents: {
      args: z.tuple([mode]),
      handle(ctx, [m]) {
        const visibility = visibilityFromMode(m);
        return asClick(contentsReply(ctx.services.course, visibility), visibility);
      },
    },
  },
});
