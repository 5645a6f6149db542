import { defineCommand } from '../src/core/command.js';
import { noMatchReply } from '../src/content/replies.js';
import { nextQuestionButton, nextQuestionReply, practiceAnswerButton } from '../src/quiz/practice.js';
import { dailyAnswerButton } from '../src/quiz/replies.js';

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
  // The daily post's A–D has no command of its own: it is registered here with the rest of the quiz's buttons.
  actions: [dailyAnswerButton, practiceAnswerButton, nextQuestionButton],
});
