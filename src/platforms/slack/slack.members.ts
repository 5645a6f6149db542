import type { webApi } from '@slack/bolt';
import { ExpiringCache } from '../../core/expiring-cache.js';
import type { Logger } from '../../core/ports.js';
import { withTimeout } from '../../core/timeout.js';

/** How long a users.info answer (admin or not, the member's name) is used before asking again. */
const MEMBER_FRESH_MS = 5 * 60_000;
/** While Slack is slow or down, an older answer beats guessing: kept this long, for this many members. */
const MEMBER_KEPT_MS = 24 * 60 * 60_000;
const MEMBER_CACHE_SIZE = 10_000;
/** users.info during an interaction: Slack waits 3 s for the ack's follow-up, so do not wait long. */
const ADMIN_LOOKUP_TIMEOUT_MS = 1_500;

/** What users.info said about a member, and when. */
export interface SlackMember {
  admin: boolean;
  /** The member's Slack username, as slash commands and clicks carry it. */
  name?: string;
  checkedAt: number;
}

/**
 * Who a Slack member is, from users.info: whether they administer the
 * workspace, and their name. Cached per member, so a burst of clicks asks once.
 */
export class SlackMembers {
  private readonly members = new ExpiringCache<string, SlackMember>(MEMBER_KEPT_MS, MEMBER_CACHE_SIZE);

  constructor(
    private readonly client: webApi.WebClient,
    /** SLACK_ADMIN_USER_IDS: admins whatever Slack says. */
    private readonly adminUserIds: readonly string[],
    private readonly logger: Logger,
  ) {}

  /** Workspace admins and owners (users.info, cached briefly) and SLACK_ADMIN_USER_IDS. */
  async isAdmin(userId: string): Promise<boolean> {
    if (this.adminUserIds.includes(userId)) return true;
    return (await this.member(userId))?.admin ?? false;
  }

  /** users.info, asked again after five minutes; undefined when Slack cannot say and never said. */
  async member(userId: string): Promise<SlackMember | undefined> {
    const known = this.members.get(userId);
    if (known && Date.now() - known.checkedAt < MEMBER_FRESH_MS) return known;
    try {
      const { user } = await withTimeout(this.client.users.info({ user: userId }), ADMIN_LOOKUP_TIMEOUT_MS, 'users.info timed out');
      const member = { admin: Boolean(user?.is_admin || user?.is_owner), name: user?.name, checkedAt: Date.now() };
      this.members.set(userId, member);
      return member;
    } catch (error) {
      // Slack is slow or down: an answer it gave earlier beats guessing.
      this.logger.warn({ err: error, user: userId }, known ? 'users.info failed; using the last answer' : 'users.info failed; treating as a member');
      return known;
    }
  }

  /**
   * The channels a member is in that the app can see (users.conversations):
   * what their App Home shows plans of. Undefined while Slack cannot say, so
   * the home shows no channel rather than one the member may not see.
   */
  async channelsOf(userId: string): Promise<ReadonlySet<string> | undefined> {
    try {
      const ids = new Set<string>();
      let cursor: string | undefined;
      do {
        const page = await withTimeout(
          this.client.users.conversations({ user: userId, types: 'public_channel,private_channel', exclude_archived: true, limit: 200, cursor }),
          ADMIN_LOOKUP_TIMEOUT_MS,
          'users.conversations took too long',
        );
        for (const channel of page.channels ?? []) if (channel.id) ids.add(channel.id);
        cursor = page.response_metadata?.next_cursor || undefined;
      } while (cursor && ids.size < 1_000);
      return ids;
    } catch (error) {
      this.logger.warn({ err: error, user: userId }, "could not list a member's channels for their App Home");
      return undefined;
    }
  }
}
