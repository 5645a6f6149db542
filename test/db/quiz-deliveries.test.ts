import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/reply.js';
import { QuizDeliveryRepository } from '../../src/db/repositories/quiz-delivery.repository.js';
import { createTestApp, invocation, pressButton, recordQuizPosts, type TestApp } from '../support/app.js';
import { driverName, rowsOf } from '../support/database.js';
import type { RecordingPublisher } from '../support/recording-publisher.js';

/**
 * The outbox: what the daily quiz publishes survives a failed platform call,
 * a failed database write after the platform accepted a message, and a
 * replica that stops between a claim and its publish.
 */
let app: TestApp;
let channel: RecordingPublisher;
beforeEach(async () => {
  // Short waits for the in-process retries of a failed write; the delays between attempts are the real ones.
  app = await createTestApp({ deliverySettings: { recordRetryDelaysMs: [10, 10] } });
  channel = recordQuizPosts(app);
});
afterEach(async () => app.close());

const admin = invocation({ user: 'admin', name: 'Admin', admin: true });
const person = (name: string) => invocation({ user: name.toLowerCase(), name });
const run = (line: string, who = admin) => app.bot.commandLine(line, who);
const click = (reply: Reply, label: string, who = admin) => pressButton(app.bot, reply, label, who);
const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const tick = () => app.services.quiz.runDue();

async function openPostWithAnswers(): Promise<Reply> {
  await run('/quiz-setup time:09:00 timezone:UTC window:1h');
  await tick();
  const [post] = channel.of('post');
  for (const [i, name] of ['Ana', 'Ben', 'Cai'].entries()) await click(post!.reply, 'ABC'[i]!, person(name));
  return post!.reply;
}

const todaysPost = () => app.quizStore.postForDate(admin.tenant.id, admin.channel!.id, '2026-11-26');
const deliveries = async () =>
  rowsOf<{ kind: string; attempts: number; outcome: string | null }>(
    await app.database.db.execute(sql`select kind, attempts, outcome from quiz_deliveries order by id`),
  );

describe(`the reveal on time (${driverName})`, () => {
  it('GIVEN an open post THEN its reveal comes when the window closes, not at the next tick', async () => {
    await run('/quiz-setup time:09:00 timezone:UTC window:1m');
    await run('/quiz-now');
    expect(app.timers.waiting).toBe(1);
    app.clock.advance(59 * SECOND);
    expect(app.timers.fireDue()).toBe(0);
    app.clock.advance(SECOND);
    expect(app.timers.fireDue()).toBe(1);
    await eventuallyRevealed();
    expect(channel.of('reply')[0]!.reply.title).toMatch(/^✅ The answer: /);
    expect(channel.of('edit')).toHaveLength(1);
  });

  it('GIVEN a post claimed by another replica THEN the tick gives this one a timer for its close too', async () => {
    await run('/quiz-setup time:09:00 timezone:UTC window:1h');
    await tick();
    app.services.quiz.stop();
    expect(app.timers.waiting).toBe(0);
    app.clock.advance(59 * MINUTE);
    await tick(); // within two minutes of the close: a timer
    expect(app.timers.waiting).toBe(1);
    app.clock.advance(MINUTE);
    app.timers.fireDue();
    await eventuallyRevealed();
  });
});

/** The timer's reveal runs in the background: wait for its reply. */
async function eventuallyRevealed(): Promise<void> {
  for (let i = 0; i < 100 && channel.of('reply').length === 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    await app.services.quiz.deliveries.drain('discord');
  }
  expect(channel.of('reply')).toHaveLength(1);
}

describe(`the quiz outbox (${driverName})`, () => {
  it('GIVEN the reveal reply fails once THEN the next attempt delivers it, with the tally frozen at the close', async () => {
    await openPostWithAnswers();
    channel.failNext('reply');
    app.clock.advance(2 * 60 * MINUTE);
    expect(await tick()).toEqual({ posted: 0, revealed: 1 });
    expect(channel.of('edit')).toHaveLength(1);
    expect(channel.of('reply')).toHaveLength(0);
    await tick(); // before its retry delay: nothing yet
    expect(channel.of('reply')).toHaveLength(0);
    app.clock.advance(10 * SECOND);
    await tick();
    const [reveal] = channel.of('reply');
    expect(reveal!.reply.fields![0]!.name).toBe('Answers (3 people)');
    expect(reveal!.replyTo).toBe(channel.of('post')[0]!.messageId);
    app.clock.advance(10 * MINUTE);
    await tick();
    expect(channel.of('reply')).toHaveLength(1);
    expect(channel.of('edit')).toHaveLength(1);
    expect(await deliveries()).toEqual([
      { kind: 'post', attempts: 1, outcome: 'sent' },
      { kind: 'close', attempts: 1, outcome: 'sent' },
      { kind: 'reveal', attempts: 2, outcome: 'sent' },
    ]);
  });

  it('GIVEN the edit that closes the post fails twice THEN it is retried until the buttons are gone', async () => {
    await openPostWithAnswers();
    channel.failNext('edit', 2);
    app.clock.advance(2 * 60 * MINUTE);
    await tick();
    expect(channel.of('edit')).toHaveLength(0);
    expect(channel.of('reply')).toHaveLength(1);
    for (let i = 0; i < 4; i++) {
      app.clock.advance(20 * SECOND);
      await tick();
    }
    const [edit] = channel.of('edit');
    expect(edit!.reply.title).toMatch(/ · closed$/);
    expect(edit!.reply.buttons ?? []).toEqual([]);
    expect(channel.of('edit')).toHaveLength(1);
  });

  it('GIVEN the message id cannot be stored once after the platform accepted the post THEN the post appears exactly once', async () => {
    await failMessageIdWrites(1);
    await run('/quiz-setup time:09:00 timezone:UTC window:1h');
    await tick();
    for (let i = 0; i < 3; i++) {
      app.clock.advance(3 * MINUTE);
      await tick();
    }
    expect(channel.of('post')).toHaveLength(1);
    const post = await todaysPost();
    expect(post!.messageId).toBe(channel.of('post')[0]!.messageId);
  });

  it('GIVEN the message id cannot be stored until the attempt gives up THEN the next attempt finds the post instead of sending it again', async () => {
    await failMessageIdWrites(3);
    await run('/quiz-setup time:09:00 timezone:UTC window:1h');
    await tick();
    expect(channel.of('post')).toHaveLength(1);
    // The claim lapses (a replica that stopped right after sending looks the same), then another attempt runs.
    for (let i = 0; i < 4; i++) {
      app.clock.advance(3 * MINUTE);
      await tick();
    }
    expect(channel.of('post')).toHaveLength(1);
    const post = await todaysPost();
    expect(post!.messageId).toBe(channel.of('post')[0]!.messageId);
    expect((await deliveries())[0]).toEqual({ kind: 'post', attempts: 2, outcome: 'sent' });
  });

  it('GIVEN a replica claimed a post and stopped before sending THEN another delivers it once its claim lapses', async () => {
    await run('/quiz-setup time:09:00 timezone:UTC window:1h');
    // Another replica's claim, as it stands when that replica is killed: the slot and its job, claimed, never sent.
    const channels = await app.quizStore.enabledChannels();
    await app.quizStore.claimSlot({
      tenantId: channels[0]!.tenantId,
      channelId: channels[0]!.channelId,
      localDate: '2026-11-26',
      questionKey: app.services.course.questions[0]!.key,
      choiceOrder: [0, 1, 2, 3],
      cycle: 1,
      opensAt: app.clock.now(),
      closesAt: new Date(app.clock.now().getTime() + 60 * MINUTE),
    });
    expect(await new QuizDeliveryRepository(app.database.db).claimNext('discord', app.clock.now(), 2 * MINUTE)).toMatchObject({ kind: 'post' });
    await tick();
    expect(channel.of('post')).toHaveLength(0);
    app.clock.advance(2 * MINUTE + SECOND);
    await tick();
    expect(channel.of('post')).toHaveLength(1);
  });

  it('GIVEN the platform refuses the post for the whole window THEN it is given up at the close and the reveal is posted on its own', async () => {
    channel.failNext('post', 1000, (reply) => reply.title?.startsWith('🧠 Daily quiz') === true);
    await run('/quiz-setup time:09:00 timezone:UTC window:1h');
    for (let i = 0; i < 40; i++) {
      app.clock.advance(2 * MINUTE);
      await tick();
    }
    expect(channel.of('post').filter((d) => d.reply.title?.startsWith('🧠'))).toHaveLength(0);
    expect(channel.of('edit')).toHaveLength(0);
    const [reveal] = channel.of('post');
    expect(reveal!.reply.title).toMatch(/^✅ The answer: /);
    expect((await deliveries()).map((d) => [d.kind, d.outcome])).toEqual([
      ['post', 'abandoned'],
      ['reveal', 'sent'],
    ]);
  });
});

/** A real database failure: the first `times` writes of a post's message id are refused by a trigger. */
async function failMessageIdWrites(times: number): Promise<void> {
  // A sequence, because nextval is not rolled back with the failed transaction.
  await app.database.db.execute(sql.raw(`create sequence fault_message_id`));
  await app.database.db.execute(
    sql.raw(`create function fault_message_id() returns trigger language plpgsql as $$
      begin
        if new.message_id is not null and old.message_id is null and nextval('fault_message_id') <= ${times} then
          raise exception 'injected fault: the database refused the write';
        end if;
        return new;
      end $$`),
  );
  await app.database.db.execute(sql.raw(`create trigger fault_message_id before update on quiz_posts for each row execute function fault_message_id()`));
}
