CREATE TABLE "board_totals" (
	"tenant_id" text NOT NULL,
	"period" text NOT NULL,
	"period_start" date NOT NULL,
	"user_id" text NOT NULL,
	"points" integer NOT NULL,
	"correct" integer NOT NULL,
	"answered" integer NOT NULL,
	"last_correct_at" timestamp with time zone,
	CONSTRAINT "board_totals_tenant_id_period_period_start_user_id_pk" PRIMARY KEY("tenant_id","period","period_start","user_id")
);
--> statement-breakpoint
ALTER TABLE "board_totals" ADD CONSTRAINT "board_totals_tenant_id_user_id_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","user_id") REFERENCES "public"."users"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "board_totals_rank_idx" ON "board_totals" USING btree ("tenant_id","period","period_start","points" DESC NULLS FIRST,"last_correct_at");--> statement-breakpoint
-- Hand-written below (drizzle-kit does not model functions or triggers).
-- Every daily answer adds itself to its three buckets in the inserting transaction. A trigger
-- rather than application code, because during a rolling deploy the previous release keeps
-- recording answers after this migration: it knows nothing of board_totals, and its answers
-- would be missing from the boards for good. One statement, rows in a fixed order (week, month,
-- all), so concurrent answers by one user lock their rows in the same order.
-- Buckets: date_trunc('week') is the ISO week's Monday; keep in step with periodStartOf in
-- src/quiz/leaderboard.ts.
CREATE FUNCTION "board_totals_add"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO "board_totals" AS "b" ("tenant_id", "period", "period_start", "user_id", "points", "correct", "answered", "last_correct_at")
	SELECT NEW."tenant_id", "bucket"."period", "bucket"."period_start", NEW."user_id", NEW."points", NEW."correct"::int, 1,
	       CASE WHEN NEW."correct" THEN NEW."answered_at" END
	FROM (VALUES
		(1, 'week', date_trunc('week', NEW."local_date"::timestamp)::date),
		(2, 'month', date_trunc('month', NEW."local_date"::timestamp)::date),
		(3, 'all', DATE '1970-01-01')
	) AS "bucket" ("lock_order", "period", "period_start")
	ORDER BY "bucket"."lock_order"
	ON CONFLICT ("tenant_id", "period", "period_start", "user_id") DO UPDATE SET
		"points" = "b"."points" + excluded."points",
		"correct" = "b"."correct" + excluded."correct",
		"answered" = "b"."answered" + excluded."answered",
		"last_correct_at" = greatest("b"."last_correct_at", excluded."last_correct_at");
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "board_totals_add" AFTER INSERT ON "daily_answers" FOR EACH ROW EXECUTE FUNCTION "board_totals_add"();
--> statement-breakpoint
-- Backfill from the answers so far. CREATE TRIGGER above has locked daily_answers against writes
-- until this migration commits, so every answer is counted exactly once: here, or by the trigger.
INSERT INTO "board_totals" ("tenant_id", "period", "period_start", "user_id", "points", "correct", "answered", "last_correct_at")
SELECT "a"."tenant_id", "bucket"."period", "bucket"."period_start", "a"."user_id",
       sum("a"."points")::int, (count(*) FILTER (WHERE "a"."correct"))::int, count(*)::int,
       max("a"."answered_at") FILTER (WHERE "a"."correct")
FROM "daily_answers" AS "a"
CROSS JOIN LATERAL (VALUES
	('week', date_trunc('week', "a"."local_date"::timestamp)::date),
	('month', date_trunc('month', "a"."local_date"::timestamp)::date),
	('all', DATE '1970-01-01')
) AS "bucket" ("period", "period_start")
GROUP BY "a"."tenant_id", "bucket"."period", "bucket"."period_start", "a"."user_id";
