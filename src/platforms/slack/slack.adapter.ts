import type { App, LogLevel, RespondArguments, RespondFn } from '@slack/bolt';
import type { Server } from 'node:http';
import { z } from 'zod';
import type { Bot, Invocation } from '../../core/bot.js';
import type { Form } from '../../core/forms.js';
import type { Logger, PlatformAdapter } from '../../core/ports.js';
import { notice, type Reply } from '../../core/reply.js';
import type { OpsRoute } from '../../ops/http.js';
import type { QuizPublisher } from '../../quiz/ports.js';
import { BoltApp } from './bolt-app.js';
import { SlackMembers } from './slack.members.js';
import { slackPublisher, uploadCard } from './slack.publisher.js';
import { renderSlack, renderSlackModal, SLACK_LINK_ACTION_PREFIX } from './slack.renderer.js';

export interface SlackOptions {
  botToken: string;
  /** HTTP mode: Bolt's receiver on `port` at /slack/events, signatures verified. */
  signingSecret?: string;
  /** Socket Mode: no public URL needed. */
  appToken?: string;
  apiUrl?: string;
  adminUserIds: string[];
  port: number;
  bot: Bot;
  logger: Logger;
  /** Extra HTTP routes (health, metrics) served by Bolt's receiver in HTTP mode, which owns PORT. */
  customRoutes?: OpsRoute[];
}

/** How long a response_url POST may take (the answer to a form sent from a click). */
const RESPONSE_URL_TIMEOUT_MS = 10_000;

/**
 * Where a form was opened from, carried in the modal's private_metadata: the
 * view_submission names no channel, and the confirmation goes back there.
 */
const FormOrigin = z.object({
  channel: z
    .string()
    .regex(/^[A-Z0-9]{1,32}$/)
    .optional(),
  responseUrl: z.url().optional(),
});
type FormOrigin = z.infer<typeof FormOrigin>;

function formOrigin(privateMetadata: string | undefined): FormOrigin {
  try {
    return FormOrigin.parse(JSON.parse(privateMetadata ?? '{}'));
  } catch {
    return {};
  }
}

/**
 * Bolt's WebClient retries a failed call about ten times over half an hour
 * and never times out: one Slack incident would hold the quiz engine's
 * deliveries (and every admin check) for that long. A few quick retries and a
 * timeout per request; the outbox retries later, on its own schedule.
 */
export const SLACK_CLIENT_OPTIONS = { timeout: 10_000, retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 2_000 } } as const;

/**
 * Slack through Bolt: acks within Slack's 3 seconds before any work, then
 * answers through `respond()` (response_url). Slash commands go through the
 * same command-line parser as the console; buttons carry core action ids.
 */
export class SlackAdapter implements PlatformAdapter {
  readonly name = 'slack';
  readonly app: App;
  private readonly members: SlackMembers;
  private server?: Server;

  constructor(private readonly options: SlackOptions) {
    this.app = new BoltApp({
      token: options.botToken,
      ...(options.appToken ? { appToken: options.appToken, socketMode: true } : { signingSecret: options.signingSecret! }),
      // LogLevel.ERROR's value: the enum itself lives in Bolt's index (see bolt-app.ts).
      logLevel: 'error' as LogLevel,
      clientOptions: { ...SLACK_CLIENT_OPTIONS, ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}) },
      ...(!options.appToken && options.customRoutes ? { customRoutes: options.customRoutes } : {}),
    });
    this.members = new SlackMembers(this.app.client, options.adminUserIds, options.logger);
    // One listener for every slash command: Bolt runs each listener's middleware on every request,
    // so one in place of one per command (25) is less work for each. The core answers a name it
    // does not know; /studybot is for workspaces where a command name is taken (/studybot lesson 17.3).
    this.app.command(/^\/[\w-]+$/, ({ ack, command, respond }) => {
      const name = command.command.slice(1);
      return this.onCommand(ack, respond, command, name === 'studybot' ? `/${command.text.trim() || 'help'}` : `/${name} ${command.text}`);
    });
    // A link button (a lesson's sources) opens its URL in the browser; Slack still reports the click and wants an ack.
    this.app.action(new RegExp(`^${SLACK_LINK_ACTION_PREFIX}`), async ({ ack }) => ack());
    this.app.action(/^v1:/, async ({ ack, body, action, respond }) => {
      await ack();
      const b = body as {
        team?: { id: string } | null;
        user: { id: string; name?: string; username?: string; team_id?: string };
        channel?: { id: string; name?: string };
        container?: { type?: string; is_ephemeral?: boolean };
        trigger_id?: string;
        response_url?: string;
      };
      const actionId = (action as { action_id: string }).action_id;
      // No workspace, no tenant: never file a click under a made-up one.
      const teamId = b.team?.id ?? b.user.team_id;
      if (!teamId) {
        this.options.logger.warn({ action: actionId }, 'slack: a button click without a workspace; refused');
        await this.send(respond, notice("I couldn't tell which workspace that click came from, so nothing was changed. Please try again."), true);
        return;
      }
      const invocation = await this.invocation(teamId, b.user.id, b.user.username ?? b.user.name ?? b.user.id, b.channel?.id, b.channel?.name);
      const reply = await this.options.bot.action({
        ...invocation,
        actionId,
        onPublicMessage: b.container?.type === 'message' && b.container.is_ephemeral !== true,
      });
      if (reply.form) await this.openForm(b.trigger_id, reply, reply.form, { channel: b.channel?.id, responseUrl: b.response_url }, respond);
      else await this.send(respond, reply, true);
    });
    // A form the member sent: ack at once (the modal closes), then the core, then a private answer where it was opened.
    this.app.view(/^v1:/, async ({ ack, body, view }) => {
      await ack();
      const user = body.user as { id: string; name?: string; username?: string; team_id?: string };
      const teamId = body.team?.id ?? user.team_id;
      if (!teamId) {
        this.options.logger.warn({ form: view.callback_id }, 'slack: a form submission without a workspace; refused');
        return;
      }
      const values: Record<string, string> = {};
      for (const [blockId, inputs] of Object.entries(view.state.values)) {
        const input = inputs[blockId];
        if (input?.type === 'plain_text_input') values[blockId] = input.value ?? '';
      }
      const origin = formOrigin(view.private_metadata);
      const invocation = await this.invocation(teamId, user.id, user.username ?? user.name ?? user.id, origin.channel);
      const reply = await this.options.bot.submit({ ...invocation, actionId: view.callback_id, values });
      await this.answerPrivately(user.id, origin, reply);
    });
    this.app.event('app_home_opened', async ({ event, body, client }) => {
      if (event.tab && event.tab !== 'home') return;
      // The event carries the member's id only: their name comes from users.info (the id while Slack cannot say).
      const member = await this.members.member(event.user);
      const invocation: Invocation = {
        tenant: { id: `slack:${body.team_id}`, platform: 'slack', externalId: body.team_id },
        user: { id: event.user, displayName: member?.name ?? event.user, isAdmin: this.options.adminUserIds.includes(event.user) || (member?.admin ?? false) },
      };
      const home = await this.options.bot.home(invocation, () => this.members.channelsOf(event.user));
      await client.views.publish({ user_id: event.user, view: { type: 'home', blocks: renderSlack(home).blocks } });
    });
    this.app.error(async (error) => options.logger.error({ err: error }, 'slack error'));
  }

  private started = false;

  async start(): Promise<void> {
    if (this.options.appToken) await this.app.start();
    else this.server = (await this.app.start(this.options.port)) as Server;
    this.started = true;
  }

  /** In HTTP mode Slack reaches us; in Socket Mode the socket is ours to keep. */
  isReady(): boolean {
    return this.started;
  }

  /** True when Bolt's receiver serves PORT (and so the health routes). */
  get ownsPort(): boolean {
    return !this.options.appToken;
  }

  /** The HTTP server in HTTP mode (tests and health checks use its port). */
  get httpServer(): Server | undefined {
    return this.server;
  }

  async stop(): Promise<void> {
    await this.app.stop();
  }

  publisher(): QuizPublisher {
    return slackPublisher(this.app.client, this.options.logger);
  }

  private async onCommand(
    ack: () => Promise<void>,
    respond: RespondFn,
    command: { team_id: string; user_id: string; user_name: string; channel_id: string; channel_name: string; trigger_id?: string; response_url?: string },
    line: string,
  ): Promise<void> {
    // Ack first, always: Slack gives three seconds, and the work may take longer.
    await ack();
    const invocation = await this.invocation(command.team_id, command.user_id, command.user_name, command.channel_id, command.channel_name);
    const reply = await this.options.bot.commandLine(line.trim(), invocation);
    if (reply.form) await this.openForm(command.trigger_id, reply, reply.form, { channel: command.channel_id, responseUrl: command.response_url }, respond);
    else {
      await this.send(respond, reply, false);
      // A reply the whole channel sees (a shared leaderboard) gets its card too: uploaded into the
      // channel after it, since a response_url takes no files. Private replies stay text (files
      // are never private on Slack).
      const image = reply.private ? undefined : await reply.drawing;
      if (image) await uploadCard(this.app.client, { channelId: command.channel_id }, image, this.options.logger);
    }
  }

  /**
   * A reply that asks for a form opens it as a modal for the click's
   * trigger_id. Slack honours a trigger for three seconds: when it refuses, the
   * reply's own message (which says to click again) is shown instead.
   */
  private async openForm(triggerId: string | undefined, reply: Reply, form: Form, origin: FormOrigin, respond: RespondFn): Promise<void> {
    try {
      if (!triggerId) throw new Error('no trigger_id to open a modal with');
      await this.app.client.views.open({ trigger_id: triggerId, view: renderSlackModal(form, JSON.stringify(origin)) });
    } catch (error) {
      this.options.logger.warn({ err: error, form: form.submitAction }, 'slack: views.open failed; answering with the message instead');
      await this.send(respond, { ...reply, updateSource: false }, true);
    }
  }

  /**
   * A form's answer, for the member alone: an ephemeral message in the channel
   * it was opened from, or, where the bot cannot post (a channel it was never
   * invited to), through the response_url of the click that opened it.
   */
  private async answerPrivately(userId: string, origin: FormOrigin, reply: Reply): Promise<void> {
    const { text, blocks } = renderSlack(reply);
    if (origin.channel) {
      try {
        await this.app.client.chat.postEphemeral({ channel: origin.channel, user: userId, text, blocks });
        return;
      } catch (error) {
        this.options.logger.warn({ err: error, channel: origin.channel }, "slack: chat.postEphemeral failed; answering through the click's response_url");
      }
    }
    if (!origin.responseUrl) return;
    try {
      const answer = await fetch(origin.responseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text, blocks, response_type: 'ephemeral', replace_original: false }),
        signal: AbortSignal.timeout(RESPONSE_URL_TIMEOUT_MS),
      });
      if (!answer.ok) throw new Error(`the response_url answered ${answer.status}`);
    } catch (error) {
      this.options.logger.error({ err: error }, 'slack: the answer to a form was not delivered');
    }
  }

  private async send(respond: RespondFn, reply: Reply, fromButton: boolean): Promise<void> {
    const message = renderSlack(reply);
    const answer: RespondArguments =
      fromButton && reply.updateSource
        ? { ...message, replace_original: true }
        : { ...message, response_type: reply.private ? 'ephemeral' : 'in_channel', replace_original: false };
    try {
      await respond(answer);
    } catch (error) {
      this.options.logger.error({ err: error }, 'slack respond failed');
    }
  }

  private async invocation(teamId: string, userId: string, userName: string, channelId?: string, channelName?: string): Promise<Invocation> {
    return {
      tenant: { id: `slack:${teamId}`, platform: 'slack', externalId: teamId },
      user: { id: userId, displayName: userName, isAdmin: await this.members.isAdmin(userId) },
      channel: channelId ? { id: channelId, name: channelName } : undefined,
    };
  }
}
