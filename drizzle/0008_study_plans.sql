CREATE TABLE "lesson_progress" (
	"tenant_id" text NOT NULL,
	"user_id" text NOT NULL,
	"lesson_id" text NOT NULL,
	"done_at" timestamp with time zone NOT NULL,
	CONSTRAINT "lesson_progress_tenant_id_user_id_lesson_id_pk" PRIMARY KEY("tenant_id","user_id","lesson_id")
);
--> statement-breakpoint
CREATE TABLE "plan_posts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "plan_posts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"channel_id" text NOT NULL,
	"local_date" date NOT NULL,
	"lesson_ids" text[] NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"message_id" text,
	"posted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "study_plans" (
	"tenant_id" text NOT NULL,
	"channel_id" text NOT NULL,
	"channel_name" text,
	"start_lesson" text NOT NULL,
	"next_lesson" text,
	"pace" integer NOT NULL,
	"time" text NOT NULL,
	"timezone" text NOT NULL,
	"days" text[] NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"started_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "study_plans_tenant_id_channel_id_pk" PRIMARY KEY("tenant_id","channel_id"),
	CONSTRAINT "study_plans_pace" CHECK ("study_plans"."pace" between 1 and 3)
);
--> statement-breakpoint
ALTER TABLE "quiz_deliveries" ALTER COLUMN "post_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "quiz_deliveries" ADD COLUMN "plan_post_id" bigint;--> statement-breakpoint
ALTER TABLE "lesson_progress" ADD CONSTRAINT "lesson_progress_tenant_id_user_id_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","user_id") REFERENCES "public"."users"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_posts" ADD CONSTRAINT "plan_posts_tenant_id_channel_id_study_plans_tenant_id_channel_id_fk" FOREIGN KEY ("tenant_id","channel_id") REFERENCES "public"."study_plans"("tenant_id","channel_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "study_plans" ADD CONSTRAINT "study_plans_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "plan_posts_day_uq" ON "plan_posts" USING btree ("tenant_id","channel_id","local_date");--> statement-breakpoint
ALTER TABLE "quiz_deliveries" ADD CONSTRAINT "quiz_deliveries_plan_post_id_plan_posts_id_fk" FOREIGN KEY ("plan_post_id") REFERENCES "public"."plan_posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "quiz_deliveries_lesson_once_uq" ON "quiz_deliveries" USING btree ("plan_post_id") WHERE "quiz_deliveries"."plan_post_id" is not null;--> statement-breakpoint
ALTER TABLE "quiz_deliveries" ADD CONSTRAINT "quiz_deliveries_subject" CHECK (("quiz_deliveries"."post_id" is null) <> ("quiz_deliveries"."plan_post_id" is null));