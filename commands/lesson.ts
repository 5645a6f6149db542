import { defineCommand } from '../src/core/command.js';
import {
  chapterReply,
  contentsButton,
  contentsReply,
  noMatchReply,
  openChapterButton,
  openLesson,
  openLessonButton,
  type Visibility,
} from '../src/content/replies.js';

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
  actions: [openLessonButton, openChapterButton, contentsButton],
});
