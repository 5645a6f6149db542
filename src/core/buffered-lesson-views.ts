import type { LessonViewStore, Logger } from './ports.js';

export interface LessonView {
  tenantId: string;
  userId: string;
  lessonId: string;
  at: Date;
}

/** A lesson-view store that can take many views in one statement. */
export interface LessonViewBatchStore extends LessonViewStore {
  recordMany(views: readonly LessonView[]): Promise<void>;
}

export interface BufferSettings {
  /** How long a view waits for others to share its insert. */
  delayMs: number;
  /** Views per insert; a full batch is written at once. */
  maxBatch: number;
  /** While the database is away, views kept in memory; beyond it the oldest are dropped (and logged). */
  maxPending: number;
  /** After a failed insert, the wait before the next try. */
  retryMs: number;
}

export const DEFAULT_BUFFER_SETTINGS: BufferSettings = { delayMs: 200, maxBatch: 500, maxPending: 50_000, retryMs: 5_000 };

/**
 * Lesson views are bookkeeping (progress, /stats), not the answer a member
 * waits for: `record` only queues the view, and the reply goes out at once.
 * Views are written in batches shortly after (one insert for everything that
 * arrived within `delayMs`), retried while the database is away, and written
 * out by `close()` on a clean shutdown. A crash loses at most the views of the
 * last `delayMs` (or of the outage). Reads flush first, so a member's own
 * /stats counts the lesson they just opened.
 */
export class BufferedLessonViews implements LessonViewStore {
  private pending: LessonView[] = [];
  private timer?: NodeJS.Timeout;
  private writing: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly settings: BufferSettings;

  constructor(
    private readonly store: LessonViewBatchStore,
    private readonly logger: Logger,
    settings: Partial<BufferSettings> = {},
  ) {
    this.settings = { ...DEFAULT_BUFFER_SETTINGS, ...settings };
  }

  /** Views waiting to be written (metrics, tests). */
  get waiting(): number {
    return this.pending.length;
  }

  async record(tenantId: string, userId: string, lessonId: string, at: Date): Promise<void> {
    this.pending.push({ tenantId, userId, lessonId, at });
    if (this.pending.length > this.settings.maxPending) {
      const dropped = this.pending.splice(0, this.pending.length - this.settings.maxPending);
      this.logger.warn({ dropped: dropped.length }, 'lesson views: the database has been away too long; the oldest views were dropped');
    }
    if (this.closed) return this.flush();
    if (this.pending.length >= this.settings.maxBatch) void this.flush();
    else this.schedule(this.settings.delayMs);
  }

  async countDistinct(tenantId: string, userId: string): Promise<number> {
    await this.flush();
    return this.store.countDistinct(tenantId, userId);
  }

  /** Writes what is waiting now; with nothing waiting, it costs a promise. */
  written(): Promise<void> {
    return this.pending.length ? this.flush() : this.writing;
  }

  /** Writes every waiting view (one batch after another); never rejects: a failure keeps them for a retry. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    // One writer at a time, in order: a flush waits for the one before it, then writes what is left.
    this.writing = this.writing.then(() => this.writeAll());
    return this.writing;
  }

  /** Clean shutdown: writes what is waiting (the database is still open), for at most `timeoutMs`; later views are written at once. */
  async close(timeoutMs = 3_000): Promise<void> {
    this.closed = true;
    // Shutdown never waits long on bookkeeping: with the database away, what is left is logged as lost.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.flush(), new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
    if (this.pending.length) this.logger.error({ lost: this.pending.length }, 'lesson views: could not be written before shutdown');
  }

  private schedule(ms: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => void this.flush(), ms);
    this.timer.unref();
  }

  private async writeAll(): Promise<void> {
    while (this.pending.length) {
      const batch = this.pending.slice(0, this.settings.maxBatch);
      try {
        await this.store.recordMany(batch);
        this.pending.splice(0, batch.length);
      } catch (error) {
        this.logger.warn({ err: error, waiting: this.pending.length }, 'lesson views: could not write them yet; retrying');
        if (!this.closed) this.schedule(this.settings.retryMs);
        return;
      }
    }
  }
}
