import type { IncomingMessage, ServerResponse } from 'node:http';
import type { REST } from '@discordjs/rest';
import { Routes, type APIInteraction, type APIInteractionResponse, type APIUser } from 'discord-api-types/v10';
import type { Bot } from '../../core/bot.js';
import type { Logger, PlatformAdapter } from '../../core/ports.js';
import type { OpsRoute } from '../../ops/http.js';
import type { QuizPublisher } from '../../quiz/ports.js';
import { fetchApplicationId, syncCommands } from './command-sync.js';
import { toDiscordCommand } from './discord.commands.js';
import { DiscordInteractions } from './discord.interactions.js';
import { discordPublisher } from './discord.publisher.js';
import { InteractionSignatureVerifier } from './interaction-signature.js';
import { discordRest } from './rest.js';
import { explainStartError } from './start-errors.js';

/** Where Discord POSTs interactions: the Interactions Endpoint URL is `https://<host>` + this. */
export const DISCORD_INTERACTIONS_PATH = '/discord/interactions';

/**
 * No interaction comes near this (a modal's text inputs are at most 4,000
 * characters each): a larger body is refused before it is read into memory.
 */
export const MAX_INTERACTION_BODY_BYTES = 2 * 1024 * 1024;
/**
 * How much of a refused body is read and thrown away so the sender sees the 413 (closing at
 * once would make it fail writing instead, with EPIPE); past this the connection is cut.
 */
const REFUSED_BODY_DRAIN_BYTES = 16 * 1024 * 1024;

export interface DiscordHttpOptions {
  token: string;
  /** The application's public key (Developer Portal → General Information), 64 hex digits. */
  publicKey: string;
  apiUrl?: string;
  guildId?: string;
  bot: Bot;
  logger: Logger;
}

class BodyTooLarge extends Error {}

/**
 * Discord without a websocket: Discord POSTs each signed interaction to
 * `/discord/interactions`, and the HTTP response is the interaction's first
 * answer. Nothing is held between requests, so every replica behind the load
 * balancer serves; posts, reveals and answers stay exactly once through the
 * database's claims, as with the gateway. Everything else is REST.
 */
export class DiscordHttpInteractions implements PlatformAdapter {
  readonly name = 'discord';
  private readonly rest: REST;
  private readonly verifier: InteractionSignatureVerifier;
  private readonly interactions: DiscordInteractions;
  private botUserId?: string;
  private serving = false;

  constructor(private readonly options: DiscordHttpOptions) {
    this.rest = discordRest(options.token, options.apiUrl);
    this.verifier = new InteractionSignatureVerifier(options.publicKey);
    this.interactions = new DiscordInteractions({ bot: options.bot, rest: this.rest, logger: options.logger });
  }

  /** Checks the token, learns the bot's own user id (its posts are recognised by it) and syncs the slash commands. */
  async start(): Promise<void> {
    try {
      const me = (await this.rest.get(Routes.user('@me'))) as APIUser;
      const applicationId = await fetchApplicationId(this.rest);
      const commands = this.options.bot.registry.list().map(toDiscordCommand);
      await syncCommands(this.rest, { applicationId, guildId: this.options.guildId }, commands);
      this.botUserId = me.id;
    } catch (error) {
      throw explainStartError(error);
    }
    this.serving = true;
    this.options.logger.info({ user: this.botUserId, path: DISCORD_INTERACTIONS_PATH }, 'discord ready (interactions over HTTP)');
  }

  /** From here on the endpoint answers 503: the load balancer sends new interactions to the other replicas. */
  async stop(): Promise<void> {
    this.serving = false;
  }

  isReady(): boolean {
    return this.serving;
  }

  publisher(): QuizPublisher {
    if (!this.botUserId) throw new Error('DiscordHttpInteractions.publisher() before start()');
    return discordPublisher(this.rest, { userId: this.botUserId, token: this.options.token });
  }

  /** The endpoint, served on PORT by the ops server or Bolt's HTTP receiver. */
  route(): OpsRoute {
    return {
      path: DISCORD_INTERACTIONS_PATH,
      method: ['POST'],
      handler: (req, res) => {
        this.serve(req, res).catch((error: unknown) => {
          this.options.logger.error({ err: error }, 'discord: interaction request failed');
          if (!res.headersSent) send(res, 500, { error: 'internal error' });
        });
      },
    };
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!this.serving) return send(res, 503, { error: 'not serving' });
    let body: Buffer;
    try {
      body = await readBody(req, MAX_INTERACTION_BODY_BYTES);
    } catch (error) {
      if (error instanceof BodyTooLarge) return send(res, 413, { error: 'body too large' });
      throw error;
    }
    // Real time, never a test clock: the signature's age is Discord's and ours, not the quiz's.
    const signed = { signature: header(req, 'x-signature-ed25519'), timestamp: header(req, 'x-signature-timestamp'), body };
    if (!this.verifier.isValid(signed, Date.now())) return send(res, 401, { error: 'invalid request signature' });
    let interaction: APIInteraction;
    try {
      interaction = JSON.parse(body.toString('utf8')) as APIInteraction;
    } catch {
      return send(res, 400, { error: 'body is not JSON' });
    }
    if (typeof interaction !== 'object' || interaction === null || typeof interaction.type !== 'number') return send(res, 400, { error: 'not an interaction' });

    let answered = false;
    const acknowledge = (response: APIInteractionResponse): Promise<void> => {
      if (answered) return Promise.reject(new Error('interaction already acknowledged'));
      answered = true;
      // Resolves once the answer is handed to the socket, so a later webhook edit comes after it.
      return new Promise<void>((resolve) => send(res, 200, response, resolve));
    };
    await this.interactions.handle(interaction, acknowledge);
    // Not one this bot answers (or it failed, which handle() logged): Discord shows "This interaction failed".
    if (!answered) send(res, 500, { error: 'interaction not handled' });
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function send(res: ServerResponse, status: number, body: unknown, done?: () => void): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body), done);
}

/** The raw body, as the signature covers it; refuses one over `limit` bytes without buffering the rest. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    discard(req);
    return Promise.reject(new BodyTooLarge());
  }
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const collect = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off('data', collect);
      chunks.length = 0;
      discard(req);
      reject(new BodyTooLarge());
    };
    req.on('data', collect);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Reads the rest of a refused body into nothing, up to REFUSED_BODY_DRAIN_BYTES. */
function discard(req: IncomingMessage): void {
  let drained = 0;
  req.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > REFUSED_BODY_DRAIN_BYTES) req.destroy();
  });
  req.resume();
}
