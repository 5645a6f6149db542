import { IdentityRepository } from '../../src/db/repositories/identity.repository.js';
import { QuizPostRepository } from '../../src/db/repositories/quiz-post.repository.js';
import type { QuizPost } from '../../src/quiz/model.js';
import type { Database } from '../../src/db/client.js';
import { quizPosts } from '../../src/db/schema.js';

/** Seeds a tenant with a quiz channel and users, and creates posts, for repository tests. */
export async function seedQuizTenant(db: Database, tenant: string, userIds: string[]) {
  const identities = new IdentityRepository(db);
  const ref = { id: tenant, platform: 'discord' as const, externalId: tenant.split(':')[1] ?? tenant };
  // The admin who set the quiz up: a tenant row exists even before anyone answers.
  for (const id of ['admin', ...userIds]) await identities.ensure(ref, { id, displayName: id.toUpperCase(), isAdmin: id === 'admin' });
  const posts = new QuizPostRepository(db);
  await posts.upsertChannel({
    tenantId: tenant,
    channelId: 'study',
    time: '09:00',
    timezone: 'UTC',
    days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
    windowMinutes: 720,
  });
  return {
    posts,
    /** Claims and returns the post for a local date, open 09:00–21:00 UTC. */
    async post(localDate: string, questionKey = `17.3:q-${localDate}`): Promise<QuizPost> {
      const opensAt = new Date(`${localDate}T09:00:00Z`);
      // A plain row, as every release has written it (some suites seed a database at an older migration).
      const [post] = await db
        .insert(quizPosts)
        .values({
          tenantId: tenant,
          channelId: 'study',
          localDate,
          questionKey,
          choiceOrder: [2, 0, 3, 1],
          opensAt,
          closesAt: new Date(opensAt.getTime() + 12 * 3600_000),
        })
        .onConflictDoNothing()
        .returning();
      if (!post) throw new Error(`slot ${localDate} already claimed`);
      return post;
    },
  };
}

export const at = (localDate: string, time = '10:00') => new Date(`${localDate}T${time}:00Z`);
