import { and, asc, eq, isNotNull, sql, type SQL } from 'drizzle-orm';
import { decideAnswer, unrecordedOutcome, type AnswerClick, type AnswerContext, type AnswerDecision } from '../../quiz/answer-decision.js';
import { PODIUM_SIZE } from '../../quiz/scoring.js';
import { fromJson, resultRows, type Database } from '../client.js';
import { ON_CARD_CONFLICT } from './review.repository.js';
import { dailyAnswers, quizPosts, users } from '../schema.js';
import type { AnswerOutcome, StoredAnswer } from '../../quiz/answer-outcome.js';
import type { QuizPost } from '../../quiz/model.js';
import type { AnswerStore } from '../../quiz/ports.js';

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

type Recording = Extract<AnswerDecision, { kind: 'record' }>;
type Contested = Extract<AnswerDecision, { kind: 'contested' }>;

const clickOf = (input: AnswerInput): AnswerClick => ({ choice: input.choice, correct: input.correct, at: input.at });

/** The member's answer to the post, as JSON (null: none yet). */
const existingAnswerJson = (input: AnswerInput): SQL => sql`
  (select json_build_object('choice', a.choice, 'correct', a.correct, 'correctRank', a.correct_rank, 'streak', a.streak, 'points', a.points)
     from daily_answers a where a.post_id = ${input.postId} and a.user_id = ${input.userId})`;

/** The post's correct answers so far, counted up to PODIUM_SIZE: enough to know whether the podium is full. */
const correctSoFarCapped = (input: AnswerInput): SQL => sql`
  (select count(*) from (select 1 from daily_answers a where a.post_id = ${input.postId} and a.correct limit ${PODIUM_SIZE}) podium)::int`;

/**
 * Records daily answers exactly once, at hundreds of clicks per second on one
 * post, together with the user's review card for the question (every daily
 * answer enters the review deck) in the same statement. What a click earns is
 * decided by `decideAnswer` (src/quiz/answer-decision.ts); this repository
 * loads its context and stores the decision.
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
export class DailyAnswerRepository implements AnswerStore {
  constructor(private readonly db: Database) {}

  async record(input: AnswerInput): Promise<AnswerOutcome> {
    const [post, stored] = await Promise.all([input.post ?? this.post(this.db, input, false), this.context(input)]);
    const context: AnswerContext = { ...stored, post, underLock: false };
    const decision = decideAnswer(context, clickOf(input));
    switch (decision.kind) {
      case 'contested':
        return this.recordContested(input, context, decision);
      case 'record':
        return this.recordIfOpen(input, decision);
      default:
        return decision;
    }
  }

  /**
   * A correct answer that may earn a speed bonus (the podium is open) or
   * today's streak bonus: decided again in a transaction, on what is read
   * under the post's row lock and — for the streak bonus — after taking a lock
   * on the member's quiz day, so two posts of the same day answered at the
   * same moment (two channels) cannot both pay it.
   */
  private recordContested(input: AnswerInput, unlocked: AnswerContext, contested: Contested): Promise<AnswerOutcome> {
    return this.db.transaction(async (tx) => {
      // drizzle's PgTransaction extends PgDatabase, so the transaction is a Database for the helpers below.
      const db: Database = tx;
      let { sameDayStreak } = unlocked;
      if (contested.streakBonusInSight) {
        const localDate = contested.post.localDate;
        await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`streak-bonus|${input.tenantId}|${input.userId}|${localDate}`}, 0))`);
        // A new statement after the lock: it sees whatever the other post's answer committed.
        const [row] = resultRows<{ streak: number | null }>(
          await db.execute(
            sql`select max(streak) as streak from daily_answers where tenant_id = ${input.tenantId} and user_id = ${input.userId} and local_date = ${localDate}::date and correct`,
          ),
        );
        sameDayStreak = row?.streak ?? sameDayStreak;
      }
      const post = await this.post(db, input, true);
      // A new statement after the row lock: no other contender can answer this post until this one commits. A post that is gone has nothing more to read.
      const podium = post ? await this.podiumUnderLock(db, input) : { existing: null, correctSoFar: 0 };
      const decision = decideAnswer({ ...unlocked, ...podium, post, sameDayStreak, underLock: true }, clickOf(input));
      if (decision.kind !== 'record') return decision;
      const { post: locked } = decision;
      const [answer] = await this.insert(
        db,
        input,
        decision,
        sql`select ${input.tenantId}::text as tenant_id, ${locked.id}::bigint as id, ${locked.localDate}::date as local_date`,
      );
      return { kind: 'recorded', answer: answer!, points: decision.points, post: locked } as const;
    });
  }

  /**
   * Wrong answers, and correct ones once the podium is full (no speed bonus):
   * one statement, inserted only while the post is open. When nothing is
   * inserted, a concurrent double click or the close got there first.
   */
  private async recordIfOpen(input: AnswerInput, decision: Recording): Promise<AnswerOutcome> {
    const openPost = sql`
      select p.tenant_id, p.id, p.local_date from quiz_posts p
      where p.id = ${input.postId} and p.tenant_id = ${input.tenantId} and p.revealed_at is null and p.closes_at > ${input.at.toISOString()}::timestamptz
      for share of p`;
    const [answer] = await this.insert(this.db, input, decision, openPost);
    if (answer) return { kind: 'recorded', answer, points: decision.points, post: decision.post };
    const [current] = await this.db
      .select({ post: quizPosts, existing: dailyAnswers })
      .from(quizPosts)
      .leftJoin(dailyAnswers, and(eq(dailyAnswers.postId, quizPosts.id), eq(dailyAnswers.userId, input.userId)))
      .where(and(eq(quizPosts.id, input.postId), eq(quizPosts.tenantId, input.tenantId)));
    return unrecordedOutcome(current?.existing ?? undefined, current?.post);
  }

  /**
   * Inserts the answer for the post `source` selects (tenant_id, id, local_date;
   * no row: nothing is written), and when it is new, saves the review card in
   * the same statement.
   */
  private async insert(db: Database, input: AnswerInput, decision: Recording, source: SQL): Promise<StoredAnswer[]> {
    const { answer, points, review, post } = decision;
    const rows = resultRows<StoredAnswer & { correct_rank: number | null }>(
      await db.execute(sql`
        with answer as (
          insert into daily_answers (tenant_id, post_id, user_id, choice, correct, correct_rank, streak, points_base, points_speed, points_streak, points, local_date, answered_at)
          select p.tenant_id, p.id, ${input.userId}, ${answer.choice}, ${answer.correct}, ${answer.correctRank}::int, ${answer.streak},
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

  /** The member's answer and the post's correct answers so far, in one statement; under the post's row lock they are exact. */
  private async podiumUnderLock(db: Database, input: AnswerInput): Promise<Pick<AnswerContext, 'existing' | 'correctSoFar'>> {
    const [row] = resultRows<{ existing: StoredAnswer | string | null; correct_so_far: number }>(
      await db.execute(sql`select ${existingAnswerJson(input)} as existing, ${correctSoFarCapped(input)} as correct_so_far`),
    );
    return { existing: fromJson(row?.existing), correctSoFar: Number(row?.correct_so_far ?? 0) };
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
  private async context(input: AnswerInput): Promise<Omit<AnswerContext, 'post' | 'underLock'>> {
    const [row] = resultRows<{
      existing: StoredAnswer | string | null;
      correct_so_far: number;
      same_day_streak: number | null;
      previous_day_streak: number | null;
      review_state: unknown;
    }>(
      await this.db.execute(sql`
        with post as (select tenant_id, local_date, question_key from quiz_posts where id = ${input.postId} and tenant_id = ${input.tenantId})
        select
          ${existingAnswerJson(input)} as existing,
          ${correctSoFarCapped(input)} as correct_so_far,
          (select max(a.streak) from daily_answers a, post
             where a.tenant_id = post.tenant_id and a.user_id = ${input.userId} and a.local_date = post.local_date and a.correct) as same_day_streak,
          (select max(a.streak) from daily_answers a, post
             where a.tenant_id = post.tenant_id and a.user_id = ${input.userId}
               and a.local_date = (select max(q.local_date) from quiz_posts q where q.tenant_id = post.tenant_id and q.local_date < post.local_date)) as previous_day_streak,
          (select r.state from review_cards r, post
             where r.tenant_id = post.tenant_id and r.user_id = ${input.userId} and r.question_key = post.question_key) as review_state`),
    );
    return {
      existing: fromJson(row?.existing),
      correctSoFar: Number(row?.correct_so_far ?? 0),
      sameDayStreak: row?.same_day_streak ?? null,
      previousDayStreak: row?.previous_day_streak ?? null,
      reviewState: fromJson(row?.review_state),
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
