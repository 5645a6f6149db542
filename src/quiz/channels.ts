import type { CourseCatalog } from '../content/catalog.js';
import type { Question } from '../content/model.js';
import type { QuizChannel } from './model.js';
import type { QuizStore, ReportStore } from './ports.js';
import type { QuizPublishers } from './publishers.js';
import { REPORTS_TO_HOLD_BACK } from './reports.js';
import { questionPool } from './selection.js';

/**
 * The channels that have a daily quiz: what commands read and change. Saving a
 * configuration tells the listeners (the scheduler rebuilds its jobs).
 */
/**
 * Narrows a channel's daily pool (a study plan: only the lessons it posted
 * there); undefined leaves the channel's chapters in charge.
 */
export interface PoolRule {
  quizPool(tenantId: string, channelId: string, questions: readonly Question[], seed: string): Promise<{ questions: Question[] } | undefined>;
}

export class QuizChannels {
  private readonly listeners: Array<() => void> = [];
  private rule?: PoolRule;

  constructor(
    private readonly store: QuizStore,
    private readonly publishers: QuizPublishers,
    private readonly course: CourseCatalog,
    /** Members' reports: a question enough of them reported sits out of the daily quiz. */
    private readonly reports?: ReportStore,
  ) {}

  channel(tenantId: string, channelId: string): Promise<QuizChannel | undefined> {
    return this.store.channel(tenantId, channelId);
  }

  list(tenantId: string): Promise<QuizChannel[]> {
    return this.store.channels(tenantId);
  }

  /** How far the channel is through its question pool (a cycle ends when every question was asked). */
  cycle(channel: Pick<QuizChannel, 'tenantId' | 'channelId'>): Promise<{ cycle: number; used: Set<string> }> {
    return this.store.cycleState(channel.tenantId, channel.channelId);
  }

  async configure(channel: QuizChannel): Promise<QuizChannel> {
    const saved = await this.store.upsertChannel(channel);
    this.listeners.forEach((listener) => listener());
    return saved;
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** From now on the daily pool follows `rule` where it applies (study plans). */
  follow(rule: PoolRule): void {
    this.rule = rule;
  }

  /** Asks the platform whether the bot can post there: a problem to show the admin, or undefined. */
  checkAccess(tenantId: string, channelId: string): Promise<string | undefined> {
    return this.publishers.checkAccess(tenantId, channelId);
  }

  /** The questions the channel's daily quiz draws from (its chapters). */
  pool(channel: Pick<QuizChannel, 'chapters'>): Question[] {
    return questionPool(this.course.questions, channel.chapters);
  }

  /**
   * What today's question is drawn from: the channel's study plan's lessons
   * while it has one (see `follow`), else its chapters; without the questions
   * REPORTS_TO_HOLD_BACK or more members of the tenant reported (one query),
   * unless that would empty it — the daily quiz never stops for a report.
   * `seed` names the day (a plan recaps older lessons on some days).
   */
  async dailyPool(channel: Pick<QuizChannel, 'tenantId' | 'channelId' | 'chapters'>, seed = ''): Promise<Question[]> {
    const planned = await this.rule?.quizPool(channel.tenantId, channel.channelId, this.course.questions, seed);
    const pool = planned?.questions.length ? planned.questions : this.pool(channel);
    return this.withoutHeldBack(channel.tenantId, pool);
  }

  /** How many questions of the channel's chapters sit out of its daily quiz for members' reports (/quiz-status). */
  async heldBackCount(channel: Pick<QuizChannel, 'tenantId' | 'chapters'>): Promise<number> {
    const pool = this.pool(channel);
    return pool.length - (await this.withoutHeldBack(channel.tenantId, pool)).length;
  }

  private async withoutHeldBack(tenantId: string, pool: Question[]): Promise<Question[]> {
    const held = await this.reports?.heldBack(tenantId, REPORTS_TO_HOLD_BACK);
    const open = held?.size ? pool.filter((q) => !held.has(q.key)) : pool;
    return open.length ? open : pool;
  }
}
