import { and, eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import type { Invocation, InteractionRecord } from '../../src/core/bot.js';
import { DEFAULT_RATE_LIMIT } from '../../src/core/rate-limit.js';
import { users } from '../../src/db/schema.js';
import { Metrics } from '../../src/ops/metrics.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { driverName } from '../support/database.js';
import { silentLogger } from '../support/silent-logger.js';

/** Slack's App Home goes through the Bot like any command: rate limit, identity, metrics, friendly failure. */
let app: TestApp;
afterEach(async () => app.close());

const ana: Invocation = {
  tenant: { id: 'slack:T0STUDY001', platform: 'slack', externalId: 'T0STUDY001' },
  user: { id: 'U0ANA00001', displayName: 'ana', isAdmin: false },
};
const silent = silentLogger;

describe(`the home page (${driverName})`, () => {
  it('GIVEN a member opens their home THEN they see their week, reviews, the next quiz and the top 5, and they are recorded as a member', async () => {
    app = await createTestApp();
    const seen: InteractionRecord[] = [];
    app.bot.observe((record) => seen.push(record));

    const home = await app.bot.home(ana);

    expect(home.title).toBe('📚 studybot');
    expect(home.body).toMatch(/^Hi ana! /);
    expect(home.fields!.map((f) => f.name)).toEqual(['Your week', 'Reviews', 'Your course', 'Next daily quiz', 'Top 5 this week']);
    const stored = await app.database.db
      .select({ displayName: users.displayName })
      .from(users)
      .where(and(eq(users.tenantId, ana.tenant.id), eq(users.id, ana.user.id)));
    expect(stored).toEqual([{ displayName: 'ana' }]);
    expect(seen).toEqual([expect.objectContaining({ platform: 'slack', tenant: 'slack:T0STUDY001', kind: 'home', name: 'home', outcome: 'ok' })]);
  });

  it('GIVEN the database fails under the home page THEN the member gets a friendly page with a reference, and it counts as an error', async () => {
    app = await createTestApp();
    const metrics = new Metrics();
    app.bot.observe(metrics.observer(silent));
    // A real database error: the review cards the page reads are gone.
    await app.database.db.execute(sql.raw('alter table review_cards rename to review_cards_away'));

    const home = await app.bot.home(ana);

    expect(home.private).toBe(true);
    expect(home.body).toMatch(/^Something went wrong on my side \(ref `[0-9a-f]{8}`\)\. Please try again in a moment\.$/);
    expect(await metrics.registry.metrics()).toMatch(/studybot_interactions_total\{platform="slack",kind="home",command="home",outcome="error"\} 1/);
  });

  it('GIVEN a member opens their home 31 times at once THEN the last is asked to slow down, as for commands', async () => {
    app = await createTestApp({ rateLimit: DEFAULT_RATE_LIMIT });
    const pages = await Promise.all(Array.from({ length: DEFAULT_RATE_LIMIT.burst + 1 }, () => app.bot.home(ana)));
    expect(pages.filter((p) => p.title === '📚 studybot')).toHaveLength(DEFAULT_RATE_LIMIT.burst);
    expect(pages.filter((p) => p.body?.startsWith('Slow down a little'))).toHaveLength(1);
  });
});
