import type { Weekday } from './schedule-parse.js';

/** The quiz engine's records, as the domain sees them (the db rows satisfy these shapes). */
export interface QuizChannel {
  tenantId: string;
  channelId: string;
  channelName: string | null;
  time: string;
  timezone: string;
  days: Weekday[];
  /** null: the whole course. */
  chapters: number[] | null;
  windowMinutes: number;
  enabled: boolean;
}

export interface QuizPost {
  id: number;
  tenantId: string;
  channelId: string;
  localDate: string;
  questionKey: string;
  choiceOrder: number[];
  cycle: number;
  opensAt: Date;
  closesAt: Date;
  messageId: string | null;
  postedAt: Date | null;
  deliveryAttemptAt: Date | null;
  revealedAt: Date | null;
}

/** What a reveal shows besides the question: fixed when the reveal is claimed. */
export interface RevealFacts {
  /** How many chose each original choice. */
  tally: ReadonlyMap<number, number>;
  /** The podium, in order, by display name. */
  firstCorrect: ReadonlyArray<{ displayName: string }>;
}

export interface ClaimedReveal {
  post: QuizPost;
  facts: RevealFacts;
}

/** RevealFacts as stored with the queued reveal (JSON has no Map). */
export interface RevealPayload {
  tally: Array<[choice: number, count: number]>;
  firstCorrect: Array<{ displayName: string }>;
}

export const revealPayload = (facts: RevealFacts): RevealPayload => ({
  tally: [...facts.tally],
  firstCorrect: facts.firstCorrect.map((w) => ({ displayName: w.displayName })),
});

export function revealFacts(payload: unknown): RevealFacts {
  const stored = (typeof payload === 'string' ? JSON.parse(payload) : payload) as Partial<RevealPayload> | null;
  return { tally: new Map(stored?.tally ?? []), firstCorrect: stored?.firstCorrect ?? [] };
}

/** A quiz post's message, its close and its reveal; a study plan's day (`lesson`). */
export type DeliveryKind = 'post' | 'close' | 'reveal' | 'lesson';

/** A queued message of the quiz engine (the outbox, see src/quiz/deliveries.ts). */
export interface Delivery {
  id: number;
  tenantId: string;
  platform: string;
  /** The quiz post a post, close or reveal job is about (null for a lesson job). */
  postId: number | null;
  /** The study plan's day a lesson job posts (null otherwise). */
  planPostId: number | null;
  kind: DeliveryKind;
  payload: unknown;
  /** Attempts so far, this one included. */
  attempts: number;
  createdAt: Date;
}
