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
export class QuizChannels {
  private readonly listeners: Array<() => void> = [];

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

  /** Asks the platform whether the bot can post there: a problem to show the admin, or undefined. */
  checkAccess(tenantId: string, channelId: string): Promise<string | undefined> {
    return this.publishers.checkAccess(tenantId, channelId);
  }

  /** The questions the channel's daily quiz draws from (its chapters). */
  pool(channel: Pick<QuizChannel, 'chapters'>): Question[] {
    return questionPool(this.course.questions, channel.chapters);
  }

  /**
   * What today's question is drawn from: the pool without the questions
   * REPORTS_TO_HOLD_BACK or more members of the tenant reported (one query),
   * unless that would empty it — the daily quiz never stops for a report.
   */
  async dailyPool(channel: Pick<QuizChannel, 'tenantId' | 'chapters'>): Promise<Question[]> {
    const pool = this.pool(channel);
    const held = await this.reports?.heldBack(channel.tenantId, REPORTS_TO_HOLD_BACK);
    const open = held?.size ? pool.filter((q) => !held.has(q.key)) : pool;
    return open.length ? open : pool;
  }
}
