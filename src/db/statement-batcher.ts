import { isConnectionLoss } from './connection-loss.js';

export interface StatementBatcherOptions<Item, Result> {
  /**
   * Runs one statement for several items and answers each, in the items'
   * order. With a `key`, it is given items sorted by key, so that concurrent
   * batches (here or on another replica) take row locks in the same order and
   * cannot deadlock each other.
   */
  run: (items: readonly Item[]) => Promise<readonly Result[]>;
  /**
   * For writes: the rows an item writes are named by its key. Items with the
   * same key are never in the same batch, nor in two batches at once (a
   * multi-row upsert cannot touch one row twice, and a double click must find
   * the first click's row, not wait on it). Reads need none.
   */
  key?: (item: Item) => string;
  /**
   * At most this many items in one statement. Write `run` so that its text is the same for any
   * number of items (one array parameter per column, unnested): Postgres then parses and plans
   * it once per connection, where a text per batch size would be planned again and again.
   */
  maxBatch: number;
  /** At most this many statements out at once: they share the connection pool with everything else. */
  maxInFlight: number;
}

interface Pending<Item, Result> {
  item: Item;
  /** Undefined: the item excludes nothing. */
  key: string | undefined;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

/**
 * Many concurrent calls, few statements ("smart batching"). A call made while
 * fewer than `maxInFlight` statements are out leaves at once (with whatever
 * else arrived in the same tick), so a quiet bot waits for nothing; calls made
 * while the statements are out queue and leave together as the next one. Under
 * load that is one round trip, one commit and one system call for many
 * answer clicks instead of one each: the cost #20 measured per click.
 *
 * A batch that fails because of one item (a constraint, a bad value) is
 * retried one item at a time, so that item fails alone. A batch that fails
 * because the database is unreachable fails all of its items at once: trying
 * each again would only wait out the outage once per item.
 */
export class StatementBatcher<Item, Result> {
  private queue: Array<Pending<Item, Result>> = [];
  /** The keys of every batch out: their later calls wait. */
  private readonly busyKeys = new Set<string>();
  private inFlight = 0;
  private drainScheduled = false;

  constructor(private readonly options: StatementBatcherOptions<Item, Result>) {}

  submit(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ item, key: this.options.key?.(item), resolve, reject });
      this.scheduleDrain();
    });
  }

  private scheduleDrain(): void {
    if (this.drainScheduled || this.inFlight >= this.options.maxInFlight) return;
    this.drainScheduled = true;
    // Calls made in the same tick (one socket read can hold many interactions) share the statement.
    queueMicrotask(() => {
      this.drainScheduled = false;
      this.drain();
    });
  }

  private drain(): void {
    while (this.inFlight < this.options.maxInFlight) {
      const batch = this.takeBatch();
      if (!batch.length) return;
      this.inFlight++;
      void this.runBatch(batch).finally(() => {
        this.inFlight--;
        for (const { key } of batch) if (key !== undefined) this.busyKeys.delete(key);
        this.drain();
      });
    }
  }

  /** The oldest queued calls whose keys are free (up to maxBatch), sorted by key; the rest keep their place. */
  private takeBatch(): Array<Pending<Item, Result>> {
    // Candidates: the oldest call of each member whose key is free (a member's later calls wait for it).
    const candidates: Array<Pending<Item, Result>> = [];
    const seen = new Set<string>();
    for (const pending of this.queue) {
      if (pending.key !== undefined) {
        if (this.busyKeys.has(pending.key) || seen.has(pending.key)) continue;
        seen.add(pending.key);
      }
      candidates.push(pending);
    }
    if (!candidates.length) return [];
    const batch = candidates.slice(0, this.options.maxBatch);
    for (const { key } of batch) if (key !== undefined) this.busyKeys.add(key);
    const taken = new Set(batch);
    this.queue = this.queue.filter((pending) => !taken.has(pending));
    return this.options.key ? batch.sort((a, b) => (a.key! < b.key! ? -1 : a.key! > b.key! ? 1 : 0)) : batch;
  }

  private async runBatch(batch: Array<Pending<Item, Result>>): Promise<void> {
    try {
      const results = await this.options.run(batch.map((p) => p.item));
      if (results.length !== batch.length) throw new Error(`a batched statement answered ${results.length} of ${batch.length} items`);
      batch.forEach((pending, i) => pending.resolve(results[i]!));
    } catch (error) {
      if (batch.length === 1 || isConnectionLoss(error)) {
        for (const pending of batch) pending.reject(error);
        return;
      }
      // One item's fault must not be everyone's: each goes again on its own.
      await Promise.all(
        batch.map(async (pending) => {
          try {
            const [result] = await this.options.run([pending.item]);
            pending.resolve(result!);
          } catch (alone) {
            pending.reject(alone);
          }
        }),
      );
    }
  }
}
