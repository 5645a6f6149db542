import { defineCommand } from '../src/core/command.js';
import { nextQuestionReply } from '../src/quiz/practice.js';

export default defineCommand({
  name: 'review',
  description: 'Spaced repetition: the next question due from the ones you answered before',
  usage: ['/review'],
  execute(ctx) {
    return nextQuestionReply(ctx, 'review');
  },
});
