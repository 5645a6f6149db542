CREATE TABLE "daily_answers" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "daily_answers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"post_id" bigint NOT NULL,
	"user_id" text NOT NULL,
	"choice" integer NOT NULL,
	"correct" boolean NOT NULL,
	"correct_rank" integer,
	"streak" integer NOT NULL,
	"points_base" integer NOT NULL,
	"points_speed" integer NOT NULL,
	"points_streak" integer NOT NULL,
	"points" integer NOT NULL,
	"local_date" date NOT NULL,
	"answered_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "practice_answers" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "practice_answers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"user_id" text NOT NULL,
	"question_key" text NOT NULL,
	"kind" text NOT NULL,
	"correct" boolean NOT NULL,
	"answered_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quiz_channels" (
	"tenant_id" text NOT NULL,
	"channel_id" text NOT NULL,
	"channel_name" text,
	"time" text NOT NULL,
	"timezone" text NOT NULL,
	"days" text[] NOT NULL,
	"chapters" integer[],
	"window_minutes" integer NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quiz_channels_tenant_id_channel_id_pk" PRIMARY KEY("tenant_id","channel_id")
);
--> statement-breakpoint
CREATE TABLE "quiz_posts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "quiz_posts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"channel_id" text NOT NULL,
	"local_date" date NOT NULL,
	"question_key" text NOT NULL,
	"choice_order" integer[] NOT NULL,
	"cycle" integer DEFAULT 1 NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"message_id" text,
	"posted_at" timestamp with time zone,
	"revealed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "review_cards" (
	"tenant_id" text NOT NULL,
	"user_id" text NOT NULL,
	"question_key" text NOT NULL,
	"due" timestamp with time zone NOT NULL,
	"state" jsonb NOT NULL,
	"reviews" integer DEFAULT 0 NOT NULL,
	"lapses" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "review_cards_tenant_id_user_id_question_key_pk" PRIMARY KEY("tenant_id","user_id","question_key")
);
--> statement-breakpoint
CREATE TABLE "team_members" (
	"tenant_id" text NOT NULL,
	"user_id" text NOT NULL,
	"team_id" bigint NOT NULL,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "team_members_tenant_id_user_id_pk" PRIMARY KEY("tenant_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "teams_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"name" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "daily_answers" ADD CONSTRAINT "daily_answers_post_id_quiz_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."quiz_posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "daily_answers" ADD CONSTRAINT "daily_answers_tenant_id_user_id_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","user_id") REFERENCES "public"."users"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_answers" ADD CONSTRAINT "practice_answers_tenant_id_user_id_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","user_id") REFERENCES "public"."users"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quiz_channels" ADD CONSTRAINT "quiz_channels_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quiz_posts" ADD CONSTRAINT "quiz_posts_tenant_id_channel_id_quiz_channels_tenant_id_channel_id_fk" FOREIGN KEY ("tenant_id","channel_id") REFERENCES "public"."quiz_channels"("tenant_id","channel_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_cards" ADD CONSTRAINT "review_cards_tenant_id_user_id_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","user_id") REFERENCES "public"."users"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_tenant_id_user_id_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","user_id") REFERENCES "public"."users"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "daily_answers_once_uq" ON "daily_answers" USING btree ("post_id","user_id");--> statement-breakpoint
CREATE INDEX "daily_answers_board_idx" ON "daily_answers" USING btree ("tenant_id","answered_at","user_id","points","correct");--> statement-breakpoint
CREATE INDEX "daily_answers_user_idx" ON "daily_answers" USING btree ("tenant_id","user_id","local_date");--> statement-breakpoint
CREATE INDEX "practice_answers_user_idx" ON "practice_answers" USING btree ("tenant_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "quiz_posts_slot_uq" ON "quiz_posts" USING btree ("tenant_id","channel_id","local_date");--> statement-breakpoint
CREATE INDEX "quiz_posts_channel_question_idx" ON "quiz_posts" USING btree ("tenant_id","channel_id","cycle","question_key");--> statement-breakpoint
CREATE INDEX "quiz_posts_open_idx" ON "quiz_posts" USING btree ("closes_at") WHERE "quiz_posts"."revealed_at" is null;--> statement-breakpoint
CREATE INDEX "review_cards_due_idx" ON "review_cards" USING btree ("tenant_id","user_id","due");--> statement-breakpoint
CREATE INDEX "team_members_team_idx" ON "team_members" USING btree ("team_id");--> statement-breakpoint
CREATE UNIQUE INDEX "teams_name_uq" ON "teams" USING btree ("tenant_id",lower("name"));