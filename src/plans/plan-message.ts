import type { CourseCatalog } from '../content/catalog.js';
import type { MessageSource } from '../quiz/deliveries.js';
import { Abandon, timedCall } from '../quiz/delivery-message.js';
import type { PlanStore } from './ports.js';
import { planPostReply, readLessonButton } from './replies.js';

/**
 * The outbox's source for a study day's post (`lesson` jobs): sent like the
 * quiz's own posts, with an idempotency key, and looked for on the platform
 * before an attempt whose outcome is unknown is repeated. A day's lessons are
 * still worth posting late, so a failing platform delays them (up to the
 * outbox's give-up time after the day ends) rather than dropping them.
 */
export function planMessages(deps: { store: Pick<PlanStore, 'findPost'>; course: CourseCatalog }): MessageSource {
  return async (delivery, { publisher, callTimeoutMs, giveUpAfterMs }) => {
    const post = delivery.planPostId === null ? undefined : await deps.store.findPost(delivery.tenantId, delivery.planPostId);
    if (!post) throw new Abandon('the study plan day no longer exists (the plan was stopped or replaced)');
    const target = { tenantId: post.tenantId, channelId: post.channelId };
    const key = `sb:l:${post.id}`;
    return {
      send: async () => {
        if (delivery.attempts > 1 && publisher.findMessage) {
          const probe = { key, after: new Date(post.opensAt.getTime() - 60_000), actionId: readLessonButton.id([post.id, post.lessonIds[0] ?? '1.1']) };
          const found = await timedCall('findMessage', () => publisher.findMessage!(target, probe), callTimeoutMs);
          if (found) return found;
        }
        return timedCall('post', () => publisher.post(target, planPostReply(deps.course, post), { key }), callTimeoutMs);
      },
      tooLate: (now) => now.getTime() - post.closesAt.getTime() > giveUpAfterMs,
    };
  };
}
