import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driverName, rowsOf } from '../support/database.js';
import { createTestApp, invocation, type TestApp } from '../support/app.js';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => app.close());

const run = (line: string, who = invocation()) => app.bot.commandLine(line, who);
const click = (actionId: string, who = invocation()) => app.bot.action({ ...who, actionId });
const labels = (reply: { buttons?: Array<Array<{ label: string }>> }) => (reply.buttons ?? []).flat().map((b) => b.label);

describe(`/lesson through the bot (${driverName})`, () => {
  it('GIVEN /lesson 17.3 THEN the lesson shows with its chapter, remember list and navigation', async () => {
    const reply = await run('/lesson 17.3');
    expect(reply.title).toBe('17.3 · ECS: task definitions, services, Fargate vs EC2');
    expect(reply.body).toContain('task definition');
    expect(reply.fields?.[0]?.name).toBe('What you should remember');
    expect(reply.footer).toBe('Chapter 17 · Containers on AWS · lesson 3 of 4');
    expect(labels(reply)).toEqual(['◀ 17.2', '📘 Chapter 17', '17.4 ▶', '🧠 Quiz me', '✅ Done']);
    expect(reply.private).toBe(true);
  });

  it('GIVEN the "17.4 ▶" button on 17.4 THEN it leads across the chapter border to 18.1, in place', async () => {
    const lesson = await run('/lesson 17.4');
    const next = lesson.buttons!.flat().find((b) => b.label === '18.1 ▶')!;
    const reply = await click(next.action);
    expect(reply.title).toMatch(/^18\.1 · /);
    expect(reply.updateSource).toBe(true);
  });

  it('GIVEN a shared lesson THEN it is public and its buttons answer privately instead of changing it for everyone', async () => {
    const shared = await run('/lesson 17.3 share:true');
    expect(shared.private).toBe(false);
    const reply = await click(shared.buttons!.flat().find((b) => b.label === '17.4 ▶')!.action);
    expect(reply).toMatchObject({ private: true });
    expect(reply.updateSource).toBeFalsy();
  });

  it('GIVEN /lesson 17 THEN the chapter overview lists its subchapters', async () => {
    const reply = await run('/lesson 17');
    expect(reply.title).toBe('Chapter 17 · Containers on AWS');
    for (const id of ['17.1', '17.2', '17.3', '17.4']) expect(reply.body).toContain(`\`${id}\``);
    expect(labels(reply)).toEqual(['◀ Chapter 16', 'Start 17.1', 'Chapter 18 ▶', '📚 Contents']);
  });

  it('GIVEN /lesson with no topic THEN the table of contents lists the 33 chapters in one message', async () => {
    const reply = await run('/lesson');
    expect(reply.body!.split('\n')).toHaveLength(33);
    expect(reply.body!.length).toBeLessThan(4096);
  });

  it('GIVEN keywords THEN the best lesson opens with "also see"', async () => {
    const reply = await run('/lesson fargate');
    expect(reply.title).toMatch(/^17\.3 /);
    expect(reply.fields?.map((f) => f.name)).toContain('Also see');
  });

  it('GIVEN an unknown lesson THEN a private, friendly reply suggests what exists', async () => {
    const reply = await run('/lesson 99.9');
    expect(reply).toMatchObject({ private: true, body: expect.stringContaining('No lesson matches "99.9". The course has chapters 1–33.') });
  });

  it('GIVEN a tampered or stale button THEN the user gets a friendly private error', async () => {
    for (const id of ['v1:lesson:open:99.1:p', 'v1:lesson:open:17.3:x', 'v1:lesson:explode:1', 'v9:lesson:open:17.3:p', 'garbage']) {
      const reply = await click(id);
      expect(reply.private).toBe(true);
      expect(reply.body).toMatch(/isn't valid any more|no longer in the course/);
    }
  });

  it('GIVEN an unknown command or option THEN the reply says so and nothing is recorded', async () => {
    expect((await run('/nope')).body).toBe('There is no `/nope` command. Try `/help`.');
    // A platform delivering an option the definition does not have (e.g. an outdated registration).
    const reply = await app.bot.command({ ...invocation(), name: 'lesson', options: { colour: 'red' } });
    expect(reply.body).toBe("I don't know the option `colour`. Usage: `/lesson 17.3`");
    // Typed text with a colon is just a topic.
    expect((await run('/lesson ECS: task definitions')).title).toMatch(/^17\.3 /);
  });

  it('GIVEN /help THEN every command is listed with a usage example', async () => {
    const reply = await run('/help');
    expect(reply.body).toContain('**/lesson**');
    expect(reply.body).toContain('`/lesson 17.3`');
    expect((await run('/help lesson')).title).toBe('/lesson');
  });
});

describe('lesson views are recorded per user and tenant', () => {
  it('GIVEN two servers THEN each one only sees its own views', async () => {
    const alice = invocation({ tenant: 'server-a', user: 'alice', name: 'Alice' });
    const bob = invocation({ tenant: 'server-b', user: 'alice', name: 'Alice B' });
    await run('/lesson 1.1', alice);
    await run('/lesson 1.2', alice);
    await run('/lesson 1.1', alice);
    await run('/lesson 5.1', bob);
    const { lessonViews } = app.services;
    expect(await lessonViews.countDistinct('discord:server-a', 'alice')).toBe(2);
    expect(await lessonViews.countDistinct('discord:server-b', 'alice')).toBe(1);
    expect(await lessonViews.countDistinct('discord:server-c', 'alice')).toBe(0);
  });

  it('GIVEN a navigation click THEN that lesson is recorded as opened at the clock time', async () => {
    const who = invocation({ tenant: 'server-nav', user: 'nav' });
    const reply = await run('/lesson 2.3', who);
    app.clock.advance(60_000);
    await click(reply.buttons!.flat().find((b) => b.label === '3.1 ▶')!.action, who);
    // Views are written just after the reply; a read of them (here /stats's count) waits for them.
    expect(await app.services.lessonViews.countDistinct('discord:server-nav', 'nav')).toBe(2);
    const result = await app.database.db.execute(sql`select lesson_id, viewed_at from lesson_views where tenant_id = 'discord:server-nav' order by viewed_at`);
    const list = rowsOf<{ lesson_id: string; viewed_at: Date | string }>(result);
    expect(list.map((r) => r.lesson_id)).toEqual(['2.3', '3.1']);
    expect(new Date(list[1]!.viewed_at).toISOString()).toBe(app.clock.now().toISOString());
  });

  it('GIVEN a user renames themselves THEN the stored display name follows', async () => {
    await run('/lesson 1.1', invocation({ tenant: 'server-r', user: 'u1', name: 'Old' }));
    await run('/lesson 1.1', invocation({ tenant: 'server-r', user: 'u1', name: 'New' }));
    const result = await app.database.db.execute(sql`select display_name from users where tenant_id = 'discord:server-r'`);
    const list = rowsOf<{ display_name: string }>(result);
    expect(list).toEqual([{ display_name: 'New' }]);
  });
});

describe('GIVEN any text typed after /lesson (property-based)', () => {
  it('THEN the bot always answers, never with a raw mention, and never crashes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.constantFrom('@everyone', '@here hi', '<@&123>', "'); drop table users; --", '**__~~`', '🚀🔥', 'x'.repeat(5000), '999999999999.1'),
        ),
        async (topic) => {
          const reply = await run(`/lesson topic:"${topic.replace(/"/g, '')}"`);
          expect(reply.fallback.length).toBeGreaterThan(0);
          expect(`${reply.title ?? ''}${reply.body ?? ''}`).not.toMatch(/@(everyone|here)|<@|<#|<!/);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('GIVEN /help scoring', () => {
  it('THEN the reply explains the points with the numbers the engine uses', async () => {
    const reply = await run('/help scoring');
    expect(reply.title).toBe('How scoring works');
    expect(reply.body).toContain('**10 points**');
    expect(reply.body).toContain('**+3 / +2 / +1**');
    expect(reply.body).toContain('at most +5');
  });

  it('GIVEN a burst of 300 lesson opens THEN every view is stored, once, in a few batches', async () => {
    const who = (i: number) => invocation({ tenant: 'server-burst', user: `u${i % 30}`, name: `U${i % 30}` });
    const ids = app.services.course.subchapters.map((s) => s.id);
    const replies = await Promise.all(Array.from({ length: 300 }, (_, i) => run(`/lesson ${ids[i % ids.length]}`, who(i))));
    expect(replies.every((r) => r.title !== undefined)).toBe(true);
    expect(await app.services.lessonViews.countDistinct('discord:server-burst', 'u0')).toBe(10);
    const [{ n }] = rowsOf<{ n: number }>(
      await app.database.db.execute(sql`select count(*)::int as n from lesson_views where tenant_id = 'discord:server-burst'`),
    ) as [{ n: number }];
    expect(n).toBe(300);
  });

  it('GIVEN the database refuses the views for a while THEN the replies still go out, and the views are written once it takes them again', async () => {
    const who = invocation({ tenant: 'server-away', user: 'away' });
    await run('/lesson 1.1', who);
    await app.services.lessonViews.countDistinct('discord:server-away', 'away');
    // A real refusal: the table is out of reach until it is renamed back.
    await app.database.db.execute(sql`alter table lesson_views rename to lesson_views_away`);
    const during = await Promise.all(['1.2', '1.3', '1.4'].map((id) => run(`/lesson ${id}`, who)));
    expect(during.map((r) => r.title)).toEqual([expect.stringMatching(/^1\.2 /), expect.stringMatching(/^1\.3 /), expect.stringMatching(/^1\.4 /)]);
    await expect(app.services.lessonViews.countDistinct('discord:server-away', 'away')).rejects.toThrow();
    await app.database.db.execute(sql`alter table lesson_views_away rename to lesson_views`);
    expect(await app.services.lessonViews.countDistinct('discord:server-away', 'away')).toBe(4);
  });
});
