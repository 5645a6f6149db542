/**
 * Users of the benchmarks: they act through the fake Discord and the fake
 * Slack exactly as the e2e tests do, and time what a user waits for.
 */
import type { FakeDiscord, InteractionResult, Who } from '../../test/fakes/discord/fake-discord.js';
import type { FakeSlack, RecordedCall } from '../../test/fakes/slack/fake-slack.js';
import { eventually } from '../../test/support/run-bot.js';

const STRING = 3;
const CHANNEL = 7;

export interface Timed {
  latencyMs: number;
  ok: boolean;
  /** Deferred (type 5) instead of answered: the bot needed more than its 1-second budget. */
  deferred?: boolean;
  /** Until the reply's card was edited in (asked for with `card`): the text came at `latencyMs`. */
  cardMs?: number;
}

/**
 * A reply that is not the answer asked for: the bot's friendly error, or its rate limit's notice
 * (a member who sends more than its burst, src/core/rate-limit.ts). Timed as an answer, either
 * would flatter the figure; and a notice comes with no card, so a series waiting for one would stall.
 */
const failed = (body: unknown): boolean => {
  const text = JSON.stringify(body ?? '');
  return text.includes('Something went wrong') || text.includes('Slow down a little');
};

function timed(result: InteractionResult): Timed {
  const body = result.callback.body as { type?: number };
  return { latencyMs: result.latencyMs, ok: result.callback.status < 300 && !failed(body), deferred: body.type === 5 };
}

const asError = (latencyMs: number): Timed => ({ latencyMs, ok: false });

export interface QuizPostRef {
  id: string;
  channel_id: string;
  /** custom_id of the A–D buttons, in order. */
  answers: string[];
}

export class DiscordUser {
  constructor(
    private readonly fake: FakeDiscord,
    private readonly guildId: string,
    private readonly channelId: string,
  ) {}

  who(userId: string, admin = false): Who {
    return { userId, username: `learner${userId.slice(-5)}`, admin, guildId: this.guildId, channelId: this.channelId };
  }

  /** `card`: also wait for the reply's picture, edited in after the text; a reply whose card never comes is an error. */
  private async send(build: () => ReturnType<FakeDiscord['chatInput']>, card = false): Promise<Timed> {
    const started = performance.now();
    try {
      const result = await this.fake.inject(build(), { timeoutMs: 10_000 });
      const reply = timed(result);
      if (!card || !reply.ok) return reply;
      await result.waitForFollowUp((request) => request.files.length > 0, 10_000);
      return { ...reply, cardMs: performance.now() - started };
    } catch {
      return asError(performance.now() - started);
    }
  }

  lesson(userId: string, topic = '17.3'): Promise<Timed> {
    return this.send(() => this.fake.chatInput('lesson', [{ name: 'topic', type: STRING, value: topic }], this.who(userId)));
  }

  /** The custom_id of the "next lesson" button (▶) under the reply to `/lesson topic`. */
  async nextLessonButton(userId: string, topic = '17.3'): Promise<string> {
    const reply = await this.fake.inject(this.fake.chatInput('lesson', [{ name: 'topic', type: STRING, value: topic }], this.who(userId)), {
      timeoutMs: 10_000,
    });
    const data = (reply.callback.body as { data?: { components?: Array<{ components?: Array<{ custom_id?: string; label?: string }> }> } }).data;
    const next = data?.components?.flatMap((row) => row.components ?? []).find((button) => button.label?.endsWith('▶') || button.label?.startsWith('▶'));
    if (!next?.custom_id) throw new Error(`no ▶ button under /lesson ${topic}: ${JSON.stringify(data?.components ?? []).slice(0, 300)}`);
    return next.custom_id;
  }

  /** A click on a lesson's navigation button (its custom_id from `nextLessonButton`). */
  lessonButton(userId: string, customId: string): Promise<Timed> {
    return this.send(() => this.fake.button(customId, undefined, this.who(userId)));
  }

  autocomplete(userId: string, text = 'ecs'): Promise<Timed> {
    return this.send(() => this.fake.autocomplete('lesson', { name: 'topic', value: text }, [], this.who(userId)));
  }

  leaderboard(userId: string, options: { period?: string; card?: boolean } = {}): Promise<Timed> {
    const period = options.period ?? 'week';
    return this.send(() => this.fake.chatInput('leaderboard', [{ name: 'period', type: STRING, value: period }], this.who(userId)), options.card);
  }

  stats(userId: string, options: { card?: boolean } = {}): Promise<Timed> {
    return this.send(() => this.fake.chatInput('stats', [], this.who(userId)), options.card);
  }

  answer(post: QuizPostRef, userId: string, choice: number): Promise<Timed> {
    return this.send(() => this.fake.button(post.answers[choice]!, post, this.who(userId)));
  }

  /** An admin sets up a quiz in `channelId` and posts today's question now; resolves with the posted message. */
  async openQuiz(adminId: string, channelId: string): Promise<QuizPostRef> {
    const admin = { ...this.who(adminId, true), channelId };
    const setup = await this.fake.inject(
      this.fake.chatInput(
        'quiz-setup',
        [
          { name: 'channel', type: CHANNEL, value: channelId },
          { name: 'window', type: STRING, value: '12h' },
        ],
        admin,
      ),
      { timeoutMs: 10_000 },
    );
    if (failed(setup.callback.body)) throw new Error(`quiz-setup failed: ${JSON.stringify(setup.callback.body).slice(0, 300)}`);
    await this.fake.inject(this.fake.chatInput('quiz-now', [{ name: 'channel', type: CHANNEL, value: channelId }], admin), { timeoutMs: 10_000 });
    const posted = await eventually(
      () => this.fake.messages(channelId).find((m) => JSON.stringify(m['components'] ?? []).includes('v1:quiz:answer')),
      `a quiz post in ${channelId}`,
      10_000,
    );
    const rows = posted['components'] as Array<{ components: Array<{ custom_id: string }> }>;
    return { id: posted.id, channel_id: channelId, answers: rows.flatMap((r) => r.components.map((c) => c.custom_id)).filter((id) => id.includes(':answer:')) };
  }
}

export interface SlackTimed extends Timed {
  /** Until the HTTP acknowledgement (Slack's 3-second deadline). */
  ackMs: number;
}

export class SlackUser {
  /** Card uploads already timed, each for the command it came after. */
  private readonly counted = new WeakSet<RecordedCall>();

  constructor(
    private readonly fake: FakeSlack,
    private readonly url: string,
    private readonly channelId: string,
  ) {}

  /**
   * A slash command: acknowledged on the HTTP response, answered on its response_url. `card`: also
   * wait for the reply's picture, uploaded into the channel after it (one at a time in the channel).
   */
  async command(command: string, text: string, userId: string, options: { card?: boolean } = {}): Promise<SlackTimed> {
    const started = performance.now();
    const startedAt = Date.now();
    try {
      const delivery = await this.fake.slashCommand(this.url, command, text, { userId, channelId: this.channelId, timeoutMs: 10_000 });
      const ackMs = performance.now() - started;
      if (delivery.status !== 200 || !delivery.responseUrlId) return { ackMs, latencyMs: ackMs, ok: false };
      const response = await this.fake.waitForResponse(delivery.responseUrlId, undefined, 10_000);
      const reply = { ackMs, latencyMs: performance.now() - started, ok: !failed(response.body) };
      if (!options.card || !reply.ok) return reply;
      // This command's own upload: not one an earlier command already counted. The previous card's
      // completion can land in the millisecond this command starts, and taken for this one it put
      // the series a card ahead, each command then overlapping the previous one's upload.
      const completed = await this.fake.waitForCall(
        'files.completeUploadExternal',
        (call) => call.at >= startedAt && call.response['ok'] === true && !this.counted.has(call),
        10_000,
      );
      this.counted.add(completed);
      return { ...reply, cardMs: performance.now() - started };
    } catch {
      const ms = performance.now() - started;
      return { ackMs: ms, latencyMs: ms, ok: false };
    }
  }
}
