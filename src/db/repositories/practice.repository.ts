import type { Database } from '../client.js';
import { practiceAnswers } from '../schema.js';
import type { PracticeStore } from '../../quiz/ports.js';

export type PracticeKind = 'practice' | 'review';

/** Practice and review answers: no points, but they count for accuracy and mastery. */
export class PracticeRepository implements PracticeStore {
  constructor(private readonly db: Database) {}

  async record(input: { tenantId: string; userId: string; questionKey: string; kind: PracticeKind; correct: boolean; at: Date }): Promise<void> {
    await this.db.insert(practiceAnswers).values({ ...input, answeredAt: input.at });
  }
}
