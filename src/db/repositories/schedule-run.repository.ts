import type { Database } from '../client.js';
import { scheduleRuns } from '../schema.js';
import type { ScheduleRunStore } from '../../quiz/ports.js';

/** Claims a scheduled run; true for exactly one caller per (task, slot) across replicas. */
export class ScheduleRunRepository implements ScheduleRunStore {
  constructor(private readonly db: Database) {}

  async claim(task: string, slot: string): Promise<boolean> {
    const rows = await this.db.insert(scheduleRuns).values({ task, slot }).onConflictDoNothing().returning({ task: scheduleRuns.task });
    return rows.length === 1;
  }
}
