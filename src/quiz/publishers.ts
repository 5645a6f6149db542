import type { Platform } from '../core/command.js';
import { Pacer } from '../core/pacer.js';
import type { QuizPublisher } from './ports.js';

/** The platform a tenant id belongs to: `discord:123` → `discord`. */
export const platformOf = (tenantId: string): Platform => tenantId.slice(0, tenantId.indexOf(':')) as Platform;

/**
 * Every message a publisher sends waits for its turn: a thousand servers whose
 * quiz is at 09:00 post one after another at the platform's rate instead of
 * bursting into 429s. Access checks read the client's cache and are not paced.
 */
function paced(publisher: QuizPublisher, pacer: Pacer): QuizPublisher {
  return {
    messagesPerSecond: publisher.messagesPerSecond,
    post: async (target, reply, options) => {
      await pacer.take();
      return publisher.post(target, reply, options);
    },
    edit: async (target, messageId, reply) => {
      await pacer.take();
      return publisher.edit(target, messageId, reply);
    },
    replyTo: async (target, messageId, reply, options) => {
      await pacer.take();
      return publisher.replyTo(target, messageId, reply, options);
    },
    ...(publisher.findMessage
      ? {
          findMessage: async (target, probe) => {
            await pacer.take();
            return publisher.findMessage!(target, probe);
          },
        }
      : {}),
    ...(publisher.checkAccess ? { checkAccess: publisher.checkAccess.bind(publisher) } : {}),
  };
}

/**
 * The platforms this replica can publish on now. Adapters register when they
 * start (a Discord standby only once it holds the gateway) and withdraw when
 * they stop; posting, revealing and delivering only act on these platforms.
 */
export class QuizPublishers {
  /** Keyed by name: an outbox row names its platform as text. */
  private readonly publishers = new Map<string, { platform: Platform; publisher: QuizPublisher }>();

  register(platform: Platform, publisher: QuizPublisher): void {
    this.publishers.set(platform, { platform, publisher: publisher.messagesPerSecond ? paced(publisher, new Pacer(publisher.messagesPerSecond)) : publisher });
  }

  unregister(platform: Platform): void {
    this.publishers.delete(platform);
  }

  get(platform: string): QuizPublisher | undefined {
    return this.publishers.get(platform)?.publisher;
  }

  /** Whether this replica can publish for the tenant (or the post, the channel) it names. */
  serves(tenantId: string): boolean {
    return this.publishers.has(platformOf(tenantId));
  }

  platforms(): Platform[] {
    return [...this.publishers.values()].map((entry) => entry.platform);
  }

  /** Asks the platform whether the bot can post in the channel: a problem to show the admin, or undefined. */
  async checkAccess(tenantId: string, channelId: string): Promise<string | undefined> {
    return this.get(platformOf(tenantId))?.checkAccess?.({ tenantId, channelId });
  }
}
