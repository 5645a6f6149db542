import { and, asc, count, eq, isNotNull, sql, type SQL } from 'drizzle-orm';
import { SCORING, scoreDailyAnswer, streakAfter, type Points, type ScoringInput } from '../../quiz/scoring.js';
import { nextReview, type ReviewStep } from '../../quiz/review.js';
import { resultRows, type Database } from '../client.js';
import { ON_CARD_CONFLICT } from './review.repository.js';
import { dailyAnswers, quizPosts, users } from '../schema.js';
import type { AnswerOutcome, StoredAnswer } from '../../quiz/answer-outcome.js';
import type { QuizPost } from '../../quiz/model.js';

export type { AnswerOutcome };

export type DailyAnswer = typeof dailyAnswers.$inferSelect;

export interface AnswerInput {
  tenantId: string;
  postId: number;
  userId: string;
  /** Index into the question's original choices. */
  choice: number;
  correct: boolean;
  at: Date;
  /** The post as the caller just read it (tenant checked): saves reading it again. The insert re-checks it is open. */
  post?: QuizPost;
}

/** The first correct answers earn the speed bonus; only they need an exact, locked order. */
const PODIUM = SCORING.speedBonus.length;

interface AnswerContext {
  existing: StoredAnswer | null;
  /** Correct answers so far, counted up to PODIUM (enough to know whether the podium is full). */
  podiumTaken: number;
  /** The streak a correct answer on this same quiz day (another channel) already set. */
  sameDayStreak: number | null;
  /** The user's streak on the tenant's previous quiz day; null when they did not answer it. */
  previousDayStreak: number | null;
  /** The user's review card for the post's question, as stored (null: a new card). */
  reviewState: unknown;
}

/** What is decided before the insert: the answer's points and streak, and its review card. */
interface Decided {
  input: AnswerInput;
  post: QuizPost;
  scoring: Omit<ScoringInput, 'correctRank'>;
  review: ReviewStep;
}

const isClosed = (post: QuizPost, at: Date): boolean => at.getTime() >= post.closesAt.getTime() || post.revealedAt !== null;

/**
 * Records daily answers exactly once, at hundreds of clicks per second on one
 * post, together with the user's review card for the question (every daily
 * answer enters the review deck) in the same statement.
 *
 * The unique (post, user) makes a double click or a retried delivery find the
 * first answer. Only the race for the podium (first, second, third correct:
 * the speed bonus) takes the post's row lock. Wrong answers, and correct ones
 * once three are in, are one INSERT … SELECT that shares the post row (FOR
 * SHARE): clicks do not queue behind each other's commits, and a reveal
 * (which updates the row) waits for them before it tallies. Inserting an
 * answer also adds it to the leaderboards (`board_totals`): the database
 * trigger `board_totals_add` does it, see schema.ts.
 */
export class DailyAnswerRepository {
  constructor(private readonly db: Database) {}

  async record(input: AnswerInput): Promise<AnswerOutcome> {
    const [post, context] = await Promise.all([input.post ?? this.post(this.db, input, false), this.context(input)]);
    if (!post) return { kind: 'not-found' };
    if (context.existing) return { kind: 'already-answered', answer: context.existing, post };
    if (isClosed(post, input.at)) return { kind: 'closed', post };
    const streak = context.sameDayStreak ?? streakAfter(input.correct, context.previousDayStreak ?? undefined);
    const decided: Decided = {
      input,
      post,
      scoring: { correct: input.correct, streak: input.correct ? streak : 0, firstCorrectToday: context.sameDayStreak === null },
      review: nextReview(context.reviewState, input.correct, input.at),
    };
    // Today's streak bonus is paid once, whichever channel's post comes first: a bonus in sight is decided under a lock.
    const bonusInSight = input.correct && decided.scoring.firstCorrectToday === true && scoreDailyAnswer(decided.scoring).streak > 0;
    return input.correct && (context.podiumTaken < PODIUM || bonusInSight) ? this.recordLocked(decided, bonusInSight) : this.recordAfterPodium(decided);
  }

  /**
   * A correct answer that may earn a speed bonus (the podium is open) or
   * today's streak bonus: decided in a transaction, ranked under the post's
   * row lock, and — for the streak bonus — after taking a lock on the
   * member's quiz day, so two posts of the same day answered at the same
   * moment (two channels) cannot both pay it.
   */
  private recordLocked(decided: Decided, bonusInSight: boolean): Promise<AnswerOutcome> {
    const { input } = decided;
    return this.db.transaction(async (tx) => {
      // drizzle's PgTransaction extends PgDatabase, so the transaction is a Database for the helpers below.
      const db: Database = tx;
      if (bonusInSight) {
        const localDate = decided.post.localDate;
        await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`streak-bonus|${input.tenantId}|${input.userId}|${localDate}`}, 0))`);
        // A new statement after the lock: it sees whatever the other post's answer committed.
        const [row] = resultRows<{ streak: number | null }>(
          await db.execute(sql`select max(streak) as streak from daily_answers where tenant_id = ${input.tenantId} and user_id = ${input.userId} and local_date = ${localDate}::date and correct`),
        );
        if (row?.streak != null) decided = { ...decided, scoring: { ...decided.scoring, streak: row.streak, firstCorrectToday: false } };
      }
      const post = await this.post(db, input, true);
      if (!post) return { kind: 'not-found' } as const;
      const existing = await this.existingAnswer(db, input);
      if (existing) return { kind: 'already-answered', answer: existing, post } as const;
      if (isClosed(post, input.at)) return { kind: 'closed', post } as const;
      const [{ correctSoFar }] = (await tx
        .select({ correctSoFar: count() })
        .from(dailyAnswers)
        .where(and(eq(dailyAnswers.postId, post.id), eq(dailyAnswers.correct, true)))) as [{ correctSoFar: number }];
      const correctRank = correctSoFar < PODIUM ? correctSoFar + 1 : null;
      const points = scoreDailyAnswer({ ...decided.scoring, correctRank: correctRank ?? undefined });
      const [answer] = await this.insert(db, { ...decided, post }, correctRank, points, sql`select ${input.tenantId}::text as tenant_id, ${post.id}::bigint as id, ${post.localDate}::date as local_date`);
      return { kind: 'recorded', answer: answer!, points, post } as const;
    });
  }

  /**
   * Wrong answers, and correct ones once the podium is full (no speed bonus):
   * one statement, inserted only while the post is open. When nothing is
   * inserted, a concurrent double click or the close got there first.
   */
  private async recordAfterPodium(decided: Decided): Promise<AnswerOutcome> {
    const { input, post } = decided;
    const points = scoreDailyAnswer(decided.scoring);
    const openPost = sql`
      select p.tenant_id, p.id, p.local_date from quiz_posts p
      where p.id = ${input.postId} and p.tenant_id = ${input.tenantId} and p.revealed_at is null and p.closes_at > ${input.at.toISOString()}::timestamptz
      for share of p`;
    const [answer] = await this.insert(this.db, decided, null, points, openPost);
    if (answer) return { kind: 'recorded', answer, points, post };
    const existing = await this.existingAnswer(this.db, input);
    if (existing) return { kind: 'already-answered', answer: existing, post };
    const current = await this.post(this.db, input, false);
    return current ? { kind: 'closed', post: current } : { kind: 'not-found' };
  }

  /**
   * Inserts the answer for the post `source` selects (tenant_id, id, local_date;
   * no row: nothing is written), and when it is new, saves the review card in
   * the same statement.
   */
  private async insert(db: Database, decided: Decided, correctRank: number | null, points: Points, source: SQL): Promise<StoredAnswer[]> {
    const { input, post, review } = decided;
    const rows = resultRows<StoredAnswer & { correct_rank: number | null }>(
      await db.execute(sql`
        with answer as (
          insert into daily_answers (tenant_id, post_id, user_id, choice, correct, correct_rank, streak, points_base, points_speed, points_streak, points, local_date, answered_at)
          select p.tenant_id, p.id, ${input.userId}, ${input.choice}, ${input.correct}, ${correctRank}::int, ${decided.scoring.streak},
                 ${points.base}, ${points.speed}, ${points.streak}, ${points.total}, p.local_date, ${input.at.toISOString()}::timestamptz
          from (${source}) p
          on conflict (post_id, user_id) do nothing
          returning choice, correct, correct_rank, streak, points
        ),
        card as (
          insert into review_cards (tenant_id, user_id, question_key, due, state, reviews, lapses)
          select ${input.tenantId}, ${input.userId}, ${post.questionKey}, ${review.due.toISOString()}::timestamptz, ${JSON.stringify(review.state)}::jsonb, 1, ${review.lapsed ? 1 : 0}
          from answer
          ${ON_CARD_CONFLICT}
        )
        select choice, correct, correct_rank, streak, points from answer`),
    );
    return rows.map(({ correct_rank, ...answer }) => ({ ...answer, correctRank: correct_rank }));
  }

  private async existingAnswer(db: Database, input: AnswerInput): Promise<StoredAnswer | undefined> {
    const [answer] = await db
      .select()
      .from(dailyAnswers)
      .where(and(eq(dailyAnswers.postId, input.postId), eq(dailyAnswers.userId, input.userId)));
    return answer;
  }

  private async post(db: Database, input: AnswerInput, lock: boolean): Promise<QuizPost | undefined> {
    const query = db
      .select()
      .from(quizPosts)
      .where(and(eq(quizPosts.id, input.postId), eq(quizPosts.tenantId, input.tenantId)));
    const [post] = lock ? await query.for('update') : await query;
    return post;
  }

  /**
   * Everything else an answer needs, in one round trip: the user's earlier
   * answer to this post, whether the podium is full, the streak state (the
   * streak on this quiz day if a correct answer in another channel already set
   * it, as it counts once a day, else the streak on the previous quiz day), and
   * the review card for the question.
   */
  private async context(input: AnswerInput): Promise<AnswerContext> {
    const [row] = resultRows<{
      existing: StoredAnswer | string | null;
      podium_taken: number;
      same_day_streak: number | null;
      previous_day_streak: number | null;
      review_state: unknown;
    }>(
      await this.db.execute(sql`
        with post as (select tenant_id, local_date, question_key from quiz_posts where id = ${input.postId} and tenant_id = ${input.tenantId})
        select
          (select json_build_object('choice', a.choice, 'correct', a.correct, 'correctRank', a.correct_rank, 'streak', a.streak, 'points', a.points)
             from daily_answers a where a.post_id = ${input.postId} and a.user_id = ${input.userId}) as existing,
          (select count(*) from (select 1 from daily_answers a where a.post_id = ${input.postId} and a.correct limit ${PODIUM}) podium)::int as podium_taken,
          (select max(a.streak) from daily_answers a, post
             where a.tenant_id = post.tenant_id and a.user_id = ${input.userId} and a.local_date = post.local_date and a.correct) as same_day_streak,
          (select max(a.streak) from daily_answers a, post
             where a.tenant_id = post.tenant_id and a.user_id = ${input.userId}
               and a.local_date = (select max(q.local_date) from quiz_posts q where q.tenant_id = post.tenant_id and q.local_date < post.local_date)) as previous_day_streak,
          (select r.state from review_cards r, post
             where r.tenant_id = post.tenant_id and r.user_id = ${input.userId} and r.question_key = post.question_key) as review_state`),
    );
    const existing = typeof row?.existing === 'string' ? (JSON.parse(row.existing) as StoredAnswer) : (row?.existing ?? null);
    const reviewState = typeof row?.review_state === 'string' ? JSON.parse(row.review_state) : (row?.review_state ?? null);
    return {
      existing,
      podiumTaken: Number(row?.podium_taken ?? 0),
      sameDayStreak: row?.same_day_streak ?? null,
      previousDayStreak: row?.previous_day_streak ?? null,
      reviewState,
    };
  }

  /** How many chose each original choice, for the reveal. */
  async tally(tenantId: string, postId: number): Promise<Map<number, number>> {
    const rows = await this.db
      .select({ choice: dailyAnswers.choice, n: sql<number>`count(*)::int` })
      .from(dailyAnswers)
      .where(and(eq(dailyAnswers.tenantId, tenantId), eq(dailyAnswers.postId, postId)))
      .groupBy(dailyAnswers.choice);
    return new Map(rows.map((r) => [r.choice, r.n]));
  }

  /** The first correct answerers of a post, in order, by their stored names. */
  async firstCorrect(tenantId: string, postId: number, limit = 3): Promise<Array<{ userId: string; displayName: string }>> {
    return this.db
      .select({ userId: dailyAnswers.userId, displayName: users.displayName })
      .from(dailyAnswers)
      .innerJoin(users, and(eq(users.tenantId, dailyAnswers.tenantId), eq(users.id, dailyAnswers.userId)))
      .where(and(eq(dailyAnswers.tenantId, tenantId), eq(dailyAnswers.postId, postId), isNotNull(dailyAnswers.correctRank)))
      .orderBy(asc(dailyAnswers.correctRank))
      .limit(limit);
  }
}
