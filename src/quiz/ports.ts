import type { QuizDayResult } from '../core/cards.js';
import type { Reply } from '../core/reply.js';
import type { AnswerOutcome } from './answer-outcome.js';
import type { BoardPage, BoardQuery, Period } from './leaderboard.js';
import type { ReviewCard } from './review.js';
import type { ClaimedReveal, Delivery, QuizChannel, QuizPost } from './model.js';

/** Where quiz state lives (implemented on Postgres in src/db/repositories). */
export interface QuizStore {
  upsertChannel(channel: Omit<QuizChannel, 'channelName'> & { channelName?: string | null }): Promise<QuizChannel>;
  channel(tenantId: string, channelId: string): Promise<QuizChannel | undefined>;
  channels(tenantId: string): Promise<QuizChannel[]>;
  enabledChannels(): Promise<QuizChannel[]>;
  cycleState(tenantId: string, channelId: string): Promise<{ cycle: number; used: Set<string> }>;
  postForDate(tenantId: string, channelId: string, localDate: string): Promise<QuizPost | undefined>;
  /** Claims a slot and queues its delivery, in one transaction; undefined if the slot is taken. */
  claimSlot(post: Omit<QuizPost, 'id' | 'messageId' | 'postedAt' | 'revealedAt' | 'deliveryAttemptAt'>): Promise<QuizPost | undefined>;
  /**
   * Claims a reveal (once per post), reads its tally and podium in the same
   * transaction and queues the close and the reveal message; undefined if it
   * is taken, or while the post itself is being sent.
   */
  claimReveal(id: number, at: Date): Promise<ClaimedReveal | undefined>;
  postsToReveal(now: Date): Promise<QuizPost[]>;
  find(tenantId: string, id: number): Promise<QuizPost | undefined>;
}

export interface AnswerStore {
  record(input: { tenantId: string; postId: number; userId: string; choice: number; correct: boolean; at: Date; post?: QuizPost }): Promise<AnswerOutcome>;
}

export interface ChannelTarget {
  tenantId: string;
  channelId: string;
}

export interface SendOptions {
  /**
   * The message's idempotency key, the same on every attempt: the platform
   * dedupes on it where it can (Discord's nonce), and `findMessage` looks for
   * it (Slack keeps it in the message's metadata).
   */
  key: string;
}

/** How to recognise a message the bot may already have sent (see QuizPublisher.findMessage). */
export interface MessageProbe {
  key: string;
  /** Sent after this instant. */
  after: Date;
  /** A message carrying a button with this action id (a daily post's first answer button). */
  actionId?: string;
  /** A reply to (in the thread of) this message. */
  replyTo?: string;
}

/** What a platform adapter provides so the engine can post on its own (not as a reply). */
export interface QuizPublisher {
  /** Posts a message in the channel; resolves to the platform's message id. */
  post(target: ChannelTarget, reply: Reply, options?: SendOptions): Promise<string>;
  edit(target: ChannelTarget, messageId: string, reply: Reply): Promise<void>;
  /** A reply attached to a message (a thread reply on Slack, a message reply on Discord). */
  replyTo(target: ChannelTarget, messageId: string, reply: Reply, options?: SendOptions): Promise<void>;
  /**
   * Before an attempt is repeated whose outcome is unknown (it timed out, or
   * the bot stopped before it stored the result), the engine asks whether
   * the platform has the message already: its id, or undefined.
   */
  findMessage?(target: ChannelTarget, probe: MessageProbe): Promise<string | undefined>;
  /** Why the bot could not post in that channel (a sentence for the admin), or undefined when it can. */
  checkAccess?(target: ChannelTarget): Promise<string | undefined>;
  /**
   * Channel messages (posts, edits, replies) per second the platform accepts
   * from the bot across all servers; the daily fan-out is paced below it.
   */
  readonly messagesPerSecond?: number;
}

/** The outbox's storage: queued quiz messages, claimed one at a time (see src/quiz/deliveries.ts). */
export interface DeliveryStore {
  /** The next due job of a platform, claimed for `leaseMs` (the attempt counted); undefined when none is due. */
  claimNext(platform: string, now: Date, leaseMs: number): Promise<Delivery | undefined>;
  /** Finished: for a post, its message id is stored with it in the same transaction. */
  sent(delivery: Delivery, at: Date, messageId?: string): Promise<void>;
  /** Failed: free it for another attempt at `at`. */
  retryLater(delivery: Delivery, at: Date, error: string): Promise<void>;
  /** Finished without sending: too late to matter. */
  abandon(delivery: Delivery, at: Date, reason: string): Promise<void>;
  /** Unfinished jobs of a platform (metrics). */
  pending(platform: string): Promise<number>;
}

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
  /** The current streak, as the boards show it: 0 once the member missed a quiz day that has closed. */
  streak: number;
  mastery: ChapterMastery[];
  /** The member's place on this week's board (as BoardPage ranks it); no rank without an answer this week. */
  week: { rank?: number; size: number };
  /** The member's stored name; absent when they never used the bot in this tenant. */
  displayName?: string;
  /** Distinct lessons the member opened (views already written: see LessonViewStore.written). */
  lessonsOpened: number;
  /** Lessons the member marked done. */
  lessonsDone: number;
  /**
   * The member's quiz days in the `calendar` asked for (local dates, inclusive): right when any
   * answer that day was, wrong when all were, missed when the day's posts closed unanswered. Days
   * without a post, and days whose post is still open and unanswered, are absent. Empty without
   * a calendar.
   */
  quizDays: Map<string, QuizDayResult>;
}

export interface StatsStore {
  /**
   * Everything /stats shows of one member, in one round trip: their standing, their lessons, and
   * (when a `calendar` is asked for, the card's) their quiz days. `periodStarts`: the current
   * week's and month's bucket keys (currentPeriodStarts in leaderboard.ts); `now` decides the
   * streak and which posts have closed.
   */
  userStats(
    tenantId: string,
    userId: string,
    periodStarts: { week: string; month: string },
    now: Date,
    calendar?: { from: string; to: string },
  ): Promise<UserStats>;
}

/**
 * Reads one page of a board. Board order: points, then whoever reached them
 * first (earlier last correct answer, none last), then display name. A rank
 * is 1 + the number of people with more points.
 */
export interface BoardStore {
  page(query: BoardQuery): Promise<BoardPage>;
}

export interface ReviewStore {
  card(tenantId: string, userId: string, questionKey: string): Promise<ReviewCard | undefined>;
  save(tenantId: string, userId: string, questionKey: string, due: Date, state: unknown, lapsed: boolean): Promise<void>;
  /** The most overdue card, and how many are due. */
  due(tenantId: string, userId: string, now: Date): Promise<{ next?: ReviewCard; count: number }>;
  /** When the next card becomes due, if the deck has any. */
  upcoming(tenantId: string, userId: string): Promise<Date | undefined>;
}

/** The scheduler's run claims: (task, slot) is run by the one replica whose claim is stored first. */
export interface ScheduleRunStore {
  claim(task: string, slot: string): Promise<boolean>;
}

export type Resolution = 'fixed' | 'stands';

/** One member's open report, as /reports lists it. */
export interface ReportNote {
  userId: string;
  displayName: string;
  /** Plain text as typed ('' when none); escape before showing it. */
  note: string;
  at: Date;
}

/** The open reports of one question in a tenant: what an admin settles at once. */
export interface OpenReports {
  /** The group's id: its first open report's id (any of its reports' ids resolves the group). */
  id: number;
  questionKey: string;
  reports: ReportNote[];
}

/** A question's reports as they were resolved. */
export interface ResolvedReports {
  id: number;
  questionKey: string;
  members: number;
  resolution: Resolution;
  note: string | null;
  resolvedBy: string;
  resolvedAt: Date;
}

/** Members' reports of questions they think are wrong (implemented on Postgres in src/db/repositories). */
export interface ReportStore {
  /**
   * Files a member's report of a question, or, when they already have an open
   * one on it, updates its note (a blank note keeps the earlier one).
   */
  report(input: { tenantId: string; userId: string; questionKey: string; note: string; at: Date }): Promise<{ id: number; updated: boolean }>;
  /** Every question of the tenant with open reports, the most reported first. */
  open(tenantId: string): Promise<OpenReports[]>;
  /** The latest resolutions in the tenant, newest first. */
  resolved(tenantId: string, limit: number): Promise<ResolvedReports[]>;
  /**
   * Resolves every open report of the question that report `id` is about, in
   * this tenant only; undefined when the tenant has no open report `id`.
   */
  resolve(input: {
    tenantId: string;
    id: number;
    resolution: Resolution;
    note: string | null;
    by: string;
    at: Date;
  }): Promise<{ questionKey: string; members: number } | undefined>;
  /** Questions with open reports from at least `minMembers` members of the tenant (one query): the daily quiz leaves them out. */
  heldBack(tenantId: string, minMembers: number): Promise<Set<string>>;
}
