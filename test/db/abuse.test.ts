import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMIT } from '../../src/core/rate-limit.js';
import { Metrics } from '../../src/ops/metrics.js';
import { createTestApp, invocation, pressButton, recordQuizPosts, type TestApp } from '../support/app.js';
import { driverName } from '../support/database.js';
import { silentLogger } from '../support/silent-logger.js';

/** What a member can try on purpose: forged buttons, random command names, a flood of requests. */
let app: TestApp;
afterEach(async () => app.close());

const admin = invocation({ user: 'admin', name: 'Admin', admin: true });
const STALE = "That button isn't valid any more. Run the command again to get fresh buttons.";

describe(`forged buttons (${driverName})`, () => {
  beforeEach(async () => {
    app = await createTestApp();
  });

  it('GIVEN action ids naming object internals THEN each is refused as a stale button', async () => {
    for (const actionId of [
      'v1:quiz:__proto__:1:0',
      'v1:quiz:constructor',
      'v1:lesson:toString:17.3:p',
      'v1:__proto__:open:1',
      'v1:constructor:x',
      'v1:lesson:hasOwnProperty',
    ]) {
      expect((await app.bot.action({ ...admin, actionId })).body).toBe(STALE);
    }
  });

  it('GIVEN a daily post THEN a click on its id from another channel is refused and nothing is recorded', async () => {
    const channel = recordQuizPosts(app);
    await app.bot.commandLine('/quiz-setup window:1h', admin);
    await app.bot.commandLine('/quiz-now', admin);
    const [post] = channel.of('post');
    const elsewhere = { ...invocation({ user: 'mallory', name: 'Mallory' }), channel: { id: 'channel-2', name: 'random' } };
    expect((await pressButton(app.bot, post!.reply, 'A', elsewhere)).body).toBe('That quiz post is not available any more.');
    // Nothing was recorded: from the post's own channel, the same member's click is their first answer.
    const sameMemberHere = invocation({ user: 'mallory', name: 'Mallory' });
    expect((await pressButton(app.bot, post!.reply, 'A', sameMemberHere)).body).toMatch(/^(✅ Correct!|❌ Not this time)/);
  });
});

describe(`metrics stay bounded (${driverName})`, () => {
  beforeEach(async () => {
    app = await createTestApp();
  });

  it('GIVEN 10,000 random command names and forged action ids THEN /metrics is as large as after one', async () => {
    const metrics = new Metrics();
    app.bot.observe(metrics.observer(silentLogger));
    await app.bot.commandLine('/studybot-first-unknown', admin);
    await app.bot.action({ ...admin, actionId: 'v1:first:unknown' });
    // Series, not bytes: counts grow digits as they go up.
    const series = async () => (await metrics.registry.metrics()).split('\n').filter((line) => line.startsWith('studybot_interaction')).length;
    const before = await series();
    const names = fc.sample(fc.stringMatching(/^[a-z0-9-]{1,32}$/), 5_000);
    for (const name of names) await app.bot.commandLine(`/${name}`, admin);
    for (const name of names) await app.bot.action({ ...admin, actionId: `v1:${name}:${name}` });
    expect(await series()).toBe(before);
    expect(await metrics.registry.metrics()).toMatch(
      /studybot_interactions_total\{platform="discord",kind="command",command="unknown",outcome="user-error"\} 5001/,
    );
  });
});

describe(`per-member rate limit (${driverName})`, () => {
  beforeEach(async () => {
    app = await createTestApp({ rateLimit: DEFAULT_RATE_LIMIT });
  });

  it(`GIVEN a member sends more than ${DEFAULT_RATE_LIMIT.burst} requests at once THEN the rest are told to slow down, nothing of theirs is stored, and others are served`, async () => {
    const flooder = invocation({ user: 'flood', name: 'Flood' });
    const replies = [];
    for (let i = 0; i < DEFAULT_RATE_LIMIT.burst + 5; i++) replies.push(await app.bot.commandLine('/lesson 17.3', flooder));
    expect(replies.slice(0, DEFAULT_RATE_LIMIT.burst).every((r) => r.title?.startsWith('17.3 · '))).toBe(true);
    const refused = replies.slice(DEFAULT_RATE_LIMIT.burst);
    expect(refused.every((r) => r.private && /^Slow down a little: that's a lot of requests at once\. Try again in \d+ seconds?\.$/.test(r.body!))).toBe(true);
    expect(await app.services.lessonViews.countDistinct(flooder.tenant.id, flooder.user.id)).toBe(1);
    expect((await app.bot.commandLine('/lesson 17.3', invocation({ user: 'ana', name: 'Ana' }))).title).toMatch(/^17\.3 · /);
  });
});

describe(`/quiz-status and private channels (${driverName})`, () => {
  beforeEach(async () => {
    app = await createTestApp();
    recordQuizPosts(app);
  });

  it('GIVEN a quiz in a private channel THEN admins see its name, members only its mention', async () => {
    const secret = { ...admin, channel: { id: 'channel-9', name: 'mods-only' } };
    await app.bot.commandLine('/quiz-setup window:1h', secret);
    const forAdmin = await app.bot.commandLine('/quiz-status', admin);
    expect(forAdmin.fields![0]!.name).toBe('#mods-only');
    const forMember = await app.bot.commandLine('/quiz-status', invocation({ user: 'ana', name: 'Ana' }));
    expect(JSON.stringify(forMember)).not.toContain('mods-only');
    expect(forMember.fields![0]).toMatchObject({ name: 'Daily quiz 1', value: expect.stringMatching(/^<#channel-9>/) });
  });
});

describe(`very long command lines (${driverName})`, () => {
  beforeEach(async () => {
    app = await createTestApp();
  });

  it('GIVEN 80,000 characters of hostile quoting THEN a clear answer at once, and nothing runs', async () => {
    const reply = await app.bot.commandLine(`/team create ${"a:'".repeat(26_667)}`, admin);
    expect(reply).toMatchObject({ private: true, body: 'That command is 80,014 characters long; keep it under 4,000.' });
    expect((await app.bot.commandLine('/team list', admin)).body).toMatch(/no teams/i);
  });
});
