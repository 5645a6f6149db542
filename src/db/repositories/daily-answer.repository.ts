import { and, asc, eq, isNotNull, sql, type SQL } from 'drizzle-orm';
import { DECIDE_AGAIN, decideAnswer, unrecordedOutcome, type AnswerClick, type AnswerContext, type AnswerDecision } from '../../quiz/answer-decision.js';
import { PODIUM_SIZE } from '../../quiz/scoring.js';
import { unnestRows } from '../array-literal.js';
import { fromJson, resultRows, type Database } from '../client.js';
import { ON_CARD_CONFLICT } from './review.repository.js';
import { dailyAnswers, quizPosts, users } from '../schema.js';
import { StatementBatcher } from '../statement-batcher.js';
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
/** What storing a decision came to: an outcome, or the click to be decided again (another answer took today's streak bonus first). */
type Attempt = AnswerOutcome | typeof DECIDE_AGAIN;

const clickOf = (input: AnswerInput): AnswerClick => ({ choice: input.choice, correct: input.correct, at: input.at });

/** A click's post and member: bound values, or the columns of a batch's `click` rows. */
type ClickRef = { postId: number | SQL; userId: string | SQL };

/** The member's answer to the post, as JSON (null: none yet). */
const existingAnswerJson = ({ postId, userId }: ClickRef): SQL => sql`
  (select json_build_object('choice', a.choice, 'correct', a.correct, 'correctRank', a.correct_rank, 'streak', a.streak, 'points', a.points)
     from daily_answers a where a.post_id = ${postId} and a.user_id = ${userId})`;

/** The post's correct answers so far, counted up to PODIUM_SIZE: enough to know whether the podium is full. */
const correctSoFarCapped = ({ postId }: ClickRef): SQL => sql`
  (select count(*) from (select 1 from daily_answers a where a.post_id = ${postId} and a.correct limit ${PODIUM_SIZE}) podium)::int`;

/** The columns of a batch's `click` rows, for the helpers above. */
const BATCH_CLICK: ClickRef = { postId: sql`c.post_id`, userId: sql`c.user_id` };

type StoredContext = Omit<AnswerContext, 'post' | 'underLock'>;

/** Clicks per batched statement: a few milliseconds of work for Postgres. */
const BATCH_SIZE = 128;

const clickKey = (postId: string | number, userId: string): string => `${postId}\u0000${userId}`;

/**
 * A click is decided again only when another answer took the member's streak
 * bonus for the day first, which can happen once (the next read sees it): a
 * third decision means something else is wrong.
 */
const MAX_DECISIONS = 3;

/** An answer to insert while its post is open, decided and ready to store. */
interface Insertion {
  input: AnswerInput;
  decision: Recording;
}

/**
 * Records daily answers exactly once, at hundreds of clicks per second on one
 * post, together with the user's review card for the question (every daily
 * answer enters the review deck) in the same statement. What a click earns is
 * decided by `decideAnswer` (src/quiz/answer-decision.ts); this repository
 * loads its context and stores the decision.
 *
 * The unique (post, user) makes a double click or a retried delivery find the
 * first answer, and a unique (tenant, user, quiz day) over the answers that
 * pay a streak bonus pays it once a day, whichever channel's post is
 * answered right first: a click that loses that race stores nothing and is
 * decided again. Only the race for the podium (first, second, third correct:
 * the speed bonus) takes the post's row lock. Wrong answers, and correct ones
 * once three are in, are one INSERT … SELECT that shares the post row (FOR
 * SHARE): clicks do not queue behind each other's commits, and a reveal
 * (which updates the row) waits for them before it tallies. Inserting an
 * answer also adds it to the leaderboards (`board_totals`): the database
 * trigger `board_totals_add` does it, see schema.ts.
 *
 * Under load, the clicks that arrive while earlier ones are being read or
 * stored share a statement (`StatementBatcher`): one context read for all of
 * them, then one insert for those that need no lock. A batch of inserts is one
 * statement, so it is stored whole or not at all, like a single click.
 */
export class DailyAnswerRepository implements AnswerStore {
  private readonly contexts = new StatementBatcher<AnswerInput, StoredContext>({
    run: (inputs) => this.readContexts(inputs),
    maxBatch: BATCH_SIZE,
    maxInFlight: 1,
  });
  private readonly inserts = new StatementBatcher<Insertion, StoredAnswer | undefined>({
    run: (insertions) => this.insertWhileOpen(this.db, insertions),
    // One member's rows (answer, review card, board totals) are written by one statement at a time.
    key: ({ input }) => `${input.tenantId}\u0000${input.userId}`,
    maxBatch: BATCH_SIZE,
    maxInFlight: 1,
  });

  constructor(private readonly db: Database) {}

  async record(input: AnswerInput): Promise<AnswerOutcome> {
    for (let decisions = 1; ; decisions++) {
      const [post, stored] = await Promise.all([input.post ?? this.post(this.db, input, false), this.contexts.submit(input)]);
      const context: AnswerContext = { ...stored, post, underLock: false };
      const decision = decideAnswer(context, clickOf(input));
      const attempt =
        decision.kind === 'contested'
          ? await this.recordContested(input, context)
          : decision.kind === 'record'
            ? await this.recordIfOpen(input, decision)
            : decision;
      if (attempt !== DECIDE_AGAIN) return attempt;
      if (decisions >= MAX_DECISIONS) throw new Error(`answer to post ${input.postId} decided ${decisions} times without being stored`);
    }
  }

  /**
   * A correct answer that may earn a place on the podium (the speed bonus):
   * decided again in a transaction, on what is read under the post's row lock.
   */
  private recordContested(input: AnswerInput, unlocked: AnswerContext): Promise<Attempt> {
    return this.db.transaction(async (tx) => {
      // drizzle's PgTransaction extends PgDatabase, so the transaction is a Database for the helpers below.
      const db: Database = tx;
      const post = await this.post(db, input, true);
      // A new statement after the row lock: no other contender can answer this post until this one commits. A post that is gone has nothing more to read.
      const podium = post ? await this.podiumUnderLock(db, input) : { existing: null, correctSoFar: 0 };
      const decision = decideAnswer({ ...unlocked, ...podium, post, underLock: true }, clickOf(input));
      if (decision.kind !== 'record') return decision;
      // Decided open under the row lock, so the insert's own check that the post is open passes;
      // it stores nothing only if another channel's answer took today's streak bonus first.
      return this.storeOne(db, input, decision);
    });
  }

  /**
   * Wrong answers, and correct ones once the podium is full (no speed bonus):
   * inserted only while the post is open, with whatever other clicks are
   * waiting. When nothing is inserted, a concurrent double click, the close or
   * another channel's claim on today's streak bonus got there first.
   */
  private async recordIfOpen(input: AnswerInput, decision: Recording): Promise<Attempt> {
    return this.outcome(this.db, input, decision, await this.inserts.submit({ input, decision }));
  }

  /** One decided answer stored on its own (inside a transaction, under its locks), and what came of it. */
  private async storeOne(db: Database, input: AnswerInput, decision: Recording): Promise<Attempt> {
    const [answer] = await this.insertWhileOpen(db, [{ input, decision }]);
    return this.outcome(db, input, decision, answer);
  }

  /**
   * The outcome of an insert made only while the post is open: the stored
   * answer, or, when it stored nothing, why: the member's answer got there
   * first, or the close did, or (neither) another answer took today's streak
   * bonus and the click is to be decided again.
   */
  private async outcome(db: Database, input: AnswerInput, decision: Recording, answer: StoredAnswer | undefined): Promise<Attempt> {
    if (answer) return { kind: 'recorded', answer, points: decision.points, post: decision.post };
    const [current] = await db
      .select({ post: quizPosts, existing: dailyAnswers })
      .from(quizPosts)
      .leftJoin(dailyAnswers, and(eq(dailyAnswers.postId, quizPosts.id), eq(dailyAnswers.userId, input.userId)))
      .where(and(eq(quizPosts.id, input.postId), eq(quizPosts.tenantId, input.tenantId)));
    return unrecordedOutcome(current?.existing ?? undefined, current?.post, input.at);
  }

  /**
   * Inserts each decided answer whose post is open (not revealed, its window
   * not closed at the click's time), that is the member's first on that post
   * and that claims no streak bonus already paid that quiz day, with its
   * review card, in one statement; answers in the insertions' order
   * (undefined: not stored). Rows go in by member, in the database's order,
   * so that batches of two replicas that share members (two channels' posts
   * answered at once) wait on each other's index entries in one order, never
   * in a cycle.
   */
  private async insertWhileOpen(db: Database, insertions: readonly Insertion[]): Promise<Array<StoredAnswer | undefined>> {
    const clicks = unnestRows(insertions, [
      [({ input }) => input.tenantId, 'text'],
      [({ input }) => input.postId, 'bigint'],
      [({ input }) => input.userId, 'text'],
      [({ decision }) => decision.answer.choice, 'int'],
      [({ decision }) => decision.answer.correct, 'boolean'],
      [({ decision }) => decision.answer.correctRank, 'int'],
      [({ decision }) => decision.answer.streak, 'int'],
      [({ decision }) => decision.points.base, 'int'],
      [({ decision }) => decision.points.speed, 'int'],
      [({ decision }) => decision.points.streak, 'int'],
      [({ decision }) => decision.points.total, 'int'],
      [({ input }) => input.at.toISOString(), 'timestamptz'],
      [({ decision }) => decision.post.questionKey, 'text'],
      [({ decision }) => decision.review.due.toISOString(), 'timestamptz'],
      [({ decision }) => JSON.stringify(decision.review.state), 'jsonb'],
      [({ decision }) => (decision.review.lapsed ? 1 : 0), 'int'],
    ]);
    const rows = resultRows<StoredAnswer & { post_id: string | number; user_id: string; correct_rank: number | null }>(
      await db.execute(sql`
        with click (tenant_id, post_id, user_id, choice, correct, correct_rank, streak, points_base, points_speed, points_streak, points,
                    answered_at, question_key, due, state, lapses) as (select * from ${clicks}),
        open_post as (
          select p.tenant_id, p.id, p.local_date, p.closes_at from quiz_posts p
          where p.id in (select post_id from click) and p.revealed_at is null
          for share of p
        ),
        answer as (
          insert into daily_answers (tenant_id, post_id, user_id, choice, correct, correct_rank, streak, points_base, points_speed, points_streak, points, local_date, answered_at)
          select p.tenant_id, p.id, c.user_id, c.choice, c.correct, c.correct_rank, c.streak, c.points_base, c.points_speed, c.points_streak, c.points, p.local_date, c.answered_at
          from click c join open_post p on p.id = c.post_id and p.tenant_id = c.tenant_id and p.closes_at > c.answered_at
          order by c.tenant_id, c.user_id
          -- Any unique index: the member's answer to the post, or today's streak bonus.
          on conflict do nothing
          returning post_id, user_id, choice, correct, correct_rank, streak, points
        ),
        card as (
          insert into review_cards (tenant_id, user_id, question_key, due, state, reviews, lapses)
          select c.tenant_id, c.user_id, c.question_key, c.due, c.state, 1, c.lapses
          from answer a join click c on c.post_id = a.post_id and c.user_id = a.user_id
          ${ON_CARD_CONFLICT}
        )
        select post_id, user_id, choice, correct, correct_rank, streak, points from answer`),
    );
    const stored = new Map(rows.map(({ post_id, user_id, correct_rank, ...answer }) => [clickKey(post_id, user_id), { ...answer, correctRank: correct_rank }]));
    return insertions.map(({ input }) => stored.get(clickKey(input.postId, input.userId)));
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
   * Everything else each answer needs, in one round trip for the whole batch:
   * the user's earlier answer to this post, whether the podium is full, the
   * streak state (the streak on this quiz day if a correct answer in another
   * channel already set it, as it counts once a day, else the streak on the
   * previous quiz day), and the review card for the question.
   */
  private async readContexts(inputs: readonly AnswerInput[]): Promise<StoredContext[]> {
    const clicks = unnestRows(inputs, [
      [(input) => input.postId, 'bigint'],
      [(input) => input.tenantId, 'text'],
      [(input) => input.userId, 'text'],
    ]);
    const rows = resultRows<{
      i: number | string;
      existing: StoredAnswer | string | null;
      correct_so_far: number;
      same_day_streak: number | null;
      previous_day_streak: number | null;
      review_state: unknown;
    }>(
      await this.db.execute(sql`
        with click (post_id, tenant_id, user_id, i) as (select * from ${clicks} with ordinality)
        select
          c.i,
          ${existingAnswerJson(BATCH_CLICK)} as existing,
          ${correctSoFarCapped(BATCH_CLICK)} as correct_so_far,
          (select max(a.streak) from daily_answers a
             where a.tenant_id = p.tenant_id and a.user_id = c.user_id and a.local_date = p.local_date and a.correct) as same_day_streak,
          (select max(a.streak) from daily_answers a
             where a.tenant_id = p.tenant_id and a.user_id = c.user_id
               and a.local_date = (select max(q.local_date) from quiz_posts q where q.tenant_id = p.tenant_id and q.local_date < p.local_date)) as previous_day_streak,
          (select r.state from review_cards r
             where r.tenant_id = p.tenant_id and r.user_id = c.user_id and r.question_key = p.question_key) as review_state
        from click c left join quiz_posts p on p.id = c.post_id and p.tenant_id = c.tenant_id`),
    );
    // WITH ORDINALITY counts from 1.
    const byIndex = new Map(rows.map((row) => [Number(row.i) - 1, row]));
    return inputs.map((_, i) => {
      const row = byIndex.get(i);
      return {
        existing: fromJson(row?.existing),
        correctSoFar: Number(row?.correct_so_far ?? 0),
        sameDayStreak: row?.same_day_streak ?? null,
        previousDayStreak: row?.previous_day_streak ?? null,
        reviewState: fromJson(row?.review_state),
      };
    });
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
