import type { CourseCatalog } from '../content/catalog.js';
import type { Actor } from '../core/command.js';
import { notFound } from '../core/errors.js';
import { ExpiringCache } from '../core/expiring-cache.js';
import type { Clock } from '../core/ports.js';
import type { Reply } from '../core/reply.js';
import type { QuizPost } from './model.js';
import type { AnswerStore, QuizStore } from './ports.js';
import { feedbackReply } from './replies.js';

/** A click on A–D under a daily post: checked against the post, recorded once, answered privately. */
export class DailyAnswers {
  /**
   * Hundreds of clicks on one post read the same row: keep it for a few
   * seconds. Staleness is harmless: recording re-checks in the database that
   * the post is still open, and a question's key and choice order never change.
   */
  private readonly recentPosts = new ExpiringCache<string, QuizPost>(5_000, 1_000);

  constructor(private readonly deps: { course: CourseCatalog; posts: QuizStore; answers: AnswerStore; clock: Clock }) {}

  async answer(tenantId: string, user: Actor, postId: number, shown: number, channelId: string | undefined): Promise<Reply> {
    // Made only when thrown: an Error captures its stack, which every click would pay for.
    const stale = () => notFound('That quiz post is not available any more.');
    const post = await this.findPost(tenantId, postId);
    // A post answers only clicks on itself: a forged id naming another channel's post is just stale.
    if (!post || post.channelId !== channelId) throw stale();
    const question = this.deps.course.question(post.questionKey);
    const original = post.choiceOrder[shown];
    if (!question || original === undefined) throw stale();
    const outcome = await this.deps.answers.record({
      tenantId,
      postId,
      userId: user.id,
      choice: original,
      correct: original === question.answer,
      at: this.deps.clock.now(),
      post,
    });
    switch (outcome.kind) {
      case 'not-found':
        throw stale();
      case 'closed':
        return feedbackReply(post, question, { kind: 'closed' });
      case 'already-answered':
        return feedbackReply(post, question, { kind: 'already-answered', choice: outcome.answer.choice });
      case 'recorded':
        return feedbackReply(post, question, { kind: 'recorded', correct: outcome.answer.correct, points: outcome.points, streak: outcome.answer.streak });
    }
  }

  private async findPost(tenantId: string, postId: number): Promise<QuizPost | undefined> {
    const key = `${tenantId}\u0000${postId}`;
    const cached = this.recentPosts.get(key);
    if (cached) return cached;
    const post = await this.deps.posts.find(tenantId, postId);
    if (post) this.recentPosts.set(key, post);
    return post;
  }
}
