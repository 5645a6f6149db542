import type { Platform } from '../core/command.js';
import type { Reply } from '../core/reply.js';
import type { AnswerOutcome } from './answer-outcome.js';
import type { Period } from './leaderboard.js';
import type { QuizChannel, QuizPost } from './model.js';

/** Where quiz state lives (implemented on Postgres in src/db/repositories). */
export interface QuizStore {
  upsertChannel(channel: Omit<QuizChannel, 'channelName'> & { channelName?: string | null }): Promise<QuizChannel>;
  channel(tenantId: string, channelId: string): Promise<QuizChannel | undefined>;
  channels(tenantId: string): Promise<QuizChannel[]>;
  enabledChannels(): Promise<QuizChannel[]>;
  cycleState(tenantId: string, channelId: string): Promise<{ cycle: number; used: Set<string> }>;
  postForDate(tenantId: string, channelId: string, localDate: string): Promise<QuizPost | undefined>;
  claimSlot(post: Omit<QuizPost, 'id' | 'messageId' | 'postedAt' | 'revealedAt'>): Promise<QuizPost | undefined>;
  /** Open posts that never reached the platform and whose last attempt is older than `retryAfterMs`, claimed for one more attempt. */
  claimRedeliveries(now: Date, retryAfterMs: number, platforms: readonly string[]): Promise<QuizPost[]>;
  markPosted(id: number, messageId: string, at: Date): Promise<void>;
  claimReveal(id: number, at: Date): Promise<QuizPost | undefined>;
  postsToReveal(now: Date): Promise<QuizPost[]>;
  find(tenantId: string, id: number): Promise<QuizPost | undefined>;
}

export interface AnswerStore {
  record(input: { tenantId: string; postId: number; userId: string; choice: number; correct: boolean; at: Date; post?: QuizPost }): Promise<AnswerOutcome>;
  tally(tenantId: string, postId: number): Promise<Map<number, number>>;
  firstCorrect(tenantId: string, postId: number, limit?: number): Promise<Array<{ userId: string; displayName: string }>>;
}

export interface ChannelTarget {
  tenantId: string;
  channelId: string;
}

/** What a platform adapter provides so the engine can post on its own (not as a reply). */
export interface QuizPublisher {
  /** Posts a message in the channel; resolves to the platform's message id. */
  post(target: ChannelTarget, reply: Reply): Promise<string>;
  edit(target: ChannelTarget, messageId: string, reply: Reply): Promise<void>;
  /** A reply attached to a message (a thread reply on Slack, a message reply on Discord). */
  replyTo(target: ChannelTarget, messageId: string, reply: Reply): Promise<void>;
  /** Why the bot could not post in that channel (a sentence for the admin), or undefined when it can. */
  checkAccess?(target: ChannelTarget): Promise<string | undefined>;
  /**
   * Channel messages (posts, edits, replies) per second the platform accepts
   * from the bot across all servers; the daily fan-out is paced below it.
   */
  readonly messagesPerSecond?: number;
}

export type Publishers = Map<Platform, QuizPublisher>;

export interface PracticeStore {
  record(input: { tenantId: string; userId: string; questionKey: string; kind: 'practice' | 'review'; correct: boolean; at: Date }): Promise<void>;
}

export interface TeamSummary {
  id: number;
  name: string;
  members: Array<{ userId: string; displayName: string }>;
  points: number;
}

export interface TeamStore {
  create(tenantId: string, name: string, createdBy: string): Promise<boolean>;
  find(tenantId: string, name: string): Promise<{ id: number; name: string } | undefined>;
  delete(tenantId: string, id: number): Promise<void>;
  join(tenantId: string, userId: string, teamId: number): Promise<string | undefined>;
  leave(tenantId: string, userId: string): Promise<string | undefined>;
  teamOf(tenantId: string, userId: string): Promise<{ id: number; name: string } | undefined>;
  /** Every team with its current members and their points in one board bucket (see BoardQuery.periodStart). */
  summaries(tenantId: string, period: Period, periodStart: string): Promise<TeamSummary[]>;
}

export interface PointsBreakdown {
  base: number;
  speed: number;
  streak: number;
  total: number;
}

export interface ChapterMastery {
  chapter: number;
  answered: number;
  correct: number;
}

export interface UserStats {
  points: Record<'week' | 'month' | 'all', PointsBreakdown>;
  bestStreak: number;
  mastery: ChapterMastery[];
}

export interface StatsStore {
  /** `periodStarts`: the current week's and month's bucket keys (periodStartDate in leaderboard.ts). */
  userStats(tenantId: string, userId: string, periodStarts: { week: string; month: string }): Promise<UserStats>;
}
