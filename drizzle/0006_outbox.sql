CREATE TABLE "quiz_deliveries" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "quiz_deliveries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"platform" text NOT NULL,
	"post_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"payload" jsonb,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"claimed_until" timestamp with time zone,
	"last_error" text,
	"finished_at" timestamp with time zone,
	"outcome" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "quiz_deliveries" ADD CONSTRAINT "quiz_deliveries_post_id_quiz_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."quiz_posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "quiz_deliveries_once_uq" ON "quiz_deliveries" USING btree ("post_id","kind");--> statement-breakpoint
CREATE INDEX "quiz_deliveries_due_idx" ON "quiz_deliveries" USING btree ("platform","next_attempt_at") WHERE "quiz_deliveries"."finished_at" is null;--> statement-breakpoint
-- Posts the previous release claimed but had not delivered yet (it retried them itself): the
-- outbox takes them over while their window is open. attempts = 1: an earlier attempt may have
-- reached the platform, so the first job looks for the message before it sends again.
INSERT INTO "quiz_deliveries" ("tenant_id", "platform", "post_id", "kind", "attempts", "next_attempt_at")
SELECT "tenant_id", split_part("tenant_id", ':', 1), "id", 'post', 1, now()
FROM "quiz_posts" WHERE "posted_at" IS NULL AND "revealed_at" IS NULL AND "closes_at" > now();--> statement-breakpoint
-- During a rolling deploy the previous release still redelivers posts whose delivery_attempt_at
-- is over a minute old: pushing it to the close keeps its hands off posts the outbox owns.
UPDATE "quiz_posts" SET "delivery_attempt_at" = "closes_at" WHERE "posted_at" IS NULL AND "revealed_at" IS NULL AND "closes_at" > now();
