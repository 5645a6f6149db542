import type { CourseCatalog } from '../content/catalog.js';
import { illustrated, type CardRenderer } from '../core/cards.js';
import type { Clock, Logger } from '../core/ports.js';
import { withTimeout } from '../core/timeout.js';
import type { MessageSource } from './deliveries.js';
import { revealFacts, type Delivery, type QuizPost } from './model.js';
import type { ChannelTarget, QuizPublisher, QuizStore } from './ports.js';
import { closedPostReply, dailyAnswerButton, postReply, revealReply } from './replies.js';

/** A job that can never be delivered (its post or question is gone, its window closed): give it up, do not retry. */
export class Abandon extends Error {}

/** Idempotency keys: the same for every attempt of a message, at most 25 characters (Discord's nonce). */
const keyOf = (post: QuizPost, kind: Delivery['kind']): string => `sb:${kind[0]}:${post.id}`;

export interface SendInput {
  delivery: Delivery;
  post: QuizPost;
  publisher: QuizPublisher;
  course: CourseCatalog;
  posts: Pick<QuizStore, 'channel'>;
  clock: Clock;
  /** The most one platform call may take before it counts as failed (its outcome then unknown). */
  callTimeoutMs: number;
  /** Draws the reveal's chart. */
  cards: CardRenderer;
  logger: Logger;
}

/** Sends the job's message (or finds it already there); resolves to the message id it concerns. */
export async function sendMessage(input: SendInput): Promise<string | undefined> {
  const { delivery, post, publisher, course, clock, posts, callTimeoutMs, cards, logger } = input;
  const question = course.question(post.questionKey);
  if (!question) throw new Abandon(`question ${post.questionKey} is no longer in the course`);
  const target: ChannelTarget = { tenantId: post.tenantId, channelId: post.channelId };
  const key = keyOf(post, delivery.kind);
  const call = <T>(what: string, run: () => Promise<T>): Promise<T> => timedCall(what, run, callTimeoutMs);
  // An earlier attempt may have reached the platform: look before sending again.
  const alreadyThere = (probe: { after: Date; actionId?: string; replyTo?: string }) =>
    delivery.attempts > 1 && publisher.findMessage ? call('findMessage', () => publisher.findMessage!(target, { key, ...probe })) : Promise.resolve(undefined);

  switch (delivery.kind) {
    case 'post': {
      if (post.revealedAt || post.closesAt.getTime() <= clock.now().getTime()) throw new Abandon('the window closed before the post could be delivered');
      const found = await alreadyThere({ after: new Date(post.opensAt.getTime() - 60_000), actionId: dailyAnswerButton.id([post.id, 0]) });
      if (found) return found;
      const channel = await posts.channel(post.tenantId, post.channelId);
      const reply = postReply(course, post, question, channel?.timezone ?? 'UTC');
      return call('post', () => publisher.post(target, reply, { key }));
    }
    case 'close': {
      if (!post.messageId) throw new Abandon('the post has no message to close');
      const messageId = post.messageId;
      await call('edit', () => publisher.edit(target, messageId, closedPostReply(course, post, question)));
      return messageId;
    }
    case 'reveal': {
      const messageId = post.messageId;
      const found = await alreadyThere({ after: new Date(post.closesAt.getTime() - 60_000), replyTo: messageId ?? undefined });
      if (found) return found;
      const reply = await illustrated(revealReply(post, question, revealFacts(delivery.payload)), cards, logger);
      if (messageId) await call('reply', () => publisher.replyTo(target, messageId, reply, { key }));
      else await call('post', () => publisher.post(target, reply, { key }));
      return undefined;
    }
  }
}

/** The outbox's source for the quiz's own jobs (post, close, reveal): each is about one quiz post. */
export function quizMessages(deps: {
  course: CourseCatalog;
  posts: Pick<QuizStore, 'find' | 'channel'>;
  clock: Clock;
  cards: CardRenderer;
  logger: Logger;
}): MessageSource {
  return async (delivery, { publisher, callTimeoutMs, giveUpAfterMs }) => {
    const post = delivery.postId === null ? undefined : await deps.posts.find(delivery.tenantId, delivery.postId);
    if (!post) throw new Abandon('the post no longer exists');
    return {
      send: () => sendMessage({ ...deps, delivery, post, publisher, callTimeoutMs }),
      tooLate: (now) =>
        delivery.kind === 'post'
          ? post.revealedAt !== null || post.closesAt.getTime() <= now.getTime()
          : now.getTime() - post.closesAt.getTime() > giveUpAfterMs,
    };
  };
}

/** A platform call that counts as failed after `timeoutMs` (its outcome then unknown). */
export const timedCall = <T>(what: string, run: () => Promise<T>, timeoutMs: number): Promise<T> =>
  withTimeout(run(), timeoutMs, `${what} took longer than ${timeoutMs} ms`);
