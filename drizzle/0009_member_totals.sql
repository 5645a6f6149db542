CREATE TABLE "member_chapter_totals" (
	"tenant_id" text NOT NULL,
	"user_id" text NOT NULL,
	"chapter" integer NOT NULL,
	"answered" integer NOT NULL,
	"correct" integer NOT NULL,
	CONSTRAINT "member_chapter_totals_tenant_id_user_id_chapter_pk" PRIMARY KEY("tenant_id","user_id","chapter")
);
--> statement-breakpoint
ALTER TABLE "board_totals" ADD COLUMN "points_base" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "board_totals" ADD COLUMN "points_speed" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "board_totals" ADD COLUMN "points_streak" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "board_totals" ADD COLUMN "best_streak" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "member_chapter_totals" ADD CONSTRAINT "member_chapter_totals_tenant_id_user_id_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","user_id") REFERENCES "public"."users"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Hand-written below (drizzle-kit does not model functions or triggers).
-- No answer may be written while the totals are rebuilt from the answers: the locks last until
-- this migration commits, so every answer counts exactly once, here or through a trigger.
LOCK TABLE "daily_answers", "practice_answers" IN SHARE MODE;
--> statement-breakpoint
-- board_totals_add (0004) now also keeps each bucket's points by part and its best streak.
CREATE OR REPLACE FUNCTION "board_totals_add"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO "board_totals" AS "b" ("tenant_id", "period", "period_start", "user_id", "points", "correct", "answered", "last_correct_at",
	                                  "points_base", "points_speed", "points_streak", "best_streak")
	SELECT NEW."tenant_id", "bucket"."period", "bucket"."period_start", NEW."user_id", NEW."points", NEW."correct"::int, 1,
	       CASE WHEN NEW."correct" THEN NEW."answered_at" END,
	       NEW."points_base", NEW."points_speed", NEW."points_streak", NEW."streak"
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
		"last_correct_at" = greatest("b"."last_correct_at", excluded."last_correct_at"),
		"points_base" = "b"."points_base" + excluded."points_base",
		"points_speed" = "b"."points_speed" + excluded."points_speed",
		"points_streak" = "b"."points_streak" + excluded."points_streak",
		"best_streak" = greatest("b"."best_streak", excluded."best_streak");
	RETURN NULL;
END
$$;
--> statement-breakpoint
UPDATE "board_totals" AS "b" SET
	"points_base" = "s"."base", "points_speed" = "s"."speed", "points_streak" = "s"."streak_points", "best_streak" = "s"."best"
FROM (
	SELECT "a"."tenant_id", "bucket"."period", "bucket"."period_start", "a"."user_id",
	       sum("a"."points_base")::int AS "base", sum("a"."points_speed")::int AS "speed", sum("a"."points_streak")::int AS "streak_points",
	       max("a"."streak")::int AS "best"
	FROM "daily_answers" AS "a"
	CROSS JOIN LATERAL (VALUES
		('week', date_trunc('week', "a"."local_date"::timestamp)::date),
		('month', date_trunc('month', "a"."local_date"::timestamp)::date),
		('all', DATE '1970-01-01')
	) AS "bucket" ("period", "period_start")
	GROUP BY "a"."tenant_id", "bucket"."period", "bucket"."period_start", "a"."user_id"
) AS "s"
WHERE "b"."tenant_id" = "s"."tenant_id" AND "b"."period" = "s"."period" AND "b"."period_start" = "s"."period_start" AND "b"."user_id" = "s"."user_id";
--> statement-breakpoint
-- A question key starts with its lesson id ("17.3:…"): the chapter is what comes before the dot.
-- A key of any other shape counts for no chapter: a total must never stop an answer being recorded.
CREATE FUNCTION "member_chapter_totals_add"("p_tenant" text, "p_user" text, "p_question_key" text, "p_correct" boolean) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	IF "p_question_key" IS NULL OR "p_question_key" !~ '^[0-9]{1,3}\.' THEN
		RETURN;
	END IF;
	INSERT INTO "member_chapter_totals" AS "m" ("tenant_id", "user_id", "chapter", "answered", "correct")
	VALUES ("p_tenant", "p_user", split_part("p_question_key", '.', 1)::int, 1, "p_correct"::int)
	ON CONFLICT ("tenant_id", "user_id", "chapter") DO UPDATE SET
		"answered" = "m"."answered" + 1,
		"correct" = "m"."correct" + excluded."correct";
END
$$;
--> statement-breakpoint
CREATE FUNCTION "member_chapter_totals_daily"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM "member_chapter_totals_add"(NEW."tenant_id", NEW."user_id", (SELECT "question_key" FROM "quiz_posts" WHERE "id" = NEW."post_id"), NEW."correct");
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "member_chapter_totals_practice"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM "member_chapter_totals_add"(NEW."tenant_id", NEW."user_id", NEW."question_key", NEW."correct");
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "member_chapter_totals_daily" AFTER INSERT ON "daily_answers" FOR EACH ROW EXECUTE FUNCTION "member_chapter_totals_daily"();
--> statement-breakpoint
CREATE TRIGGER "member_chapter_totals_practice" AFTER INSERT ON "practice_answers" FOR EACH ROW EXECUTE FUNCTION "member_chapter_totals_practice"();
--> statement-breakpoint
INSERT INTO "member_chapter_totals" ("tenant_id", "user_id", "chapter", "answered", "correct")
SELECT "q"."tenant_id", "q"."user_id", split_part("q"."key", '.', 1)::int, count(*)::int, (count(*) FILTER (WHERE "q"."correct"))::int
FROM (
	SELECT "a"."tenant_id", "a"."user_id", "p"."question_key" AS "key", "a"."correct" FROM "daily_answers" AS "a" JOIN "quiz_posts" AS "p" ON "p"."id" = "a"."post_id"
	UNION ALL
	SELECT "tenant_id", "user_id", "question_key", "correct" FROM "practice_answers"
) AS "q"
WHERE "q"."key" ~ '^[0-9]{1,3}\.'
GROUP BY 1, 2, 3;
