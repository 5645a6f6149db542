import { createHash } from 'node:crypto';
import type { Question } from '../content/model.js';

/**
 * Which question a channel gets, and in which order its choices are shown.
 * Everything derives from a seed (tenant, channel, local date) and the
 * database state, so a post can be recomputed and tested, and every replica
 * would pick the same question for the same slot.
 */

/** The questions of the chosen chapters (all when `chapters` is null), in course order. */
export function questionPool(questions: readonly Question[], chapters: readonly number[] | null): Question[] {
  if (!chapters) return [...questions];
  const wanted = new Set(chapters);
  return questions.filter((q) => wanted.has(Number(q.lessonId.split('.')[0])));
}

function rank(seed: string, key: string): string {
  return createHash('sha256').update(seed).update('\0').update(key).digest('hex');
}

export interface Pick {
  question: Question;
  /** The pass through the pool this post belongs to. */
  cycle: number;
}

/**
 * Picks a question not yet used in the channel's current cycle. When the pool
 * is exhausted a new cycle starts, so no question repeats until all were seen.
 */
export function pickQuestion(pool: readonly Question[], current: { cycle: number; used: ReadonlySet<string> }, seed: string): Pick | undefined {
  if (pool.length === 0) return undefined;
  let { cycle } = current;
  let candidates = pool.filter((q) => !current.used.has(q.key));
  if (candidates.length === 0) {
    cycle += 1;
    candidates = [...pool];
  }
  const question = candidates.reduce((best, q) => (rank(seed, q.key) < rank(seed, best.key) ? q : best));
  return { question, cycle };
}

/** A permutation of the four original choice indexes: position i shows choice order[i] (A–D). */
export function shuffledChoiceOrder(seed: string): number[] {
  const bytes = createHash('sha256').update(`choices:${seed}`).digest();
  const order = [0, 1, 2, 3];
  // Fisher–Yates driven by the hash bytes: uniform enough for four items, and reproducible.
  for (let i = order.length - 1; i > 0; i--) {
    const j = bytes[i]! % (i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}
