CREATE TABLE "question_reports" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "question_reports_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"question_key" text NOT NULL,
	"user_id" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolution" text,
	"resolution_note" text,
	"resolved_by" text,
	CONSTRAINT "question_reports_note_length" CHECK (char_length("question_reports"."note") <= 300),
	CONSTRAINT "question_reports_resolution_note_length" CHECK (char_length("question_reports"."resolution_note") <= 300),
	CONSTRAINT "question_reports_resolved" CHECK (("question_reports"."resolved_at" is null) = ("question_reports"."resolution" is null) and ("question_reports"."resolved_at" is null) = ("question_reports"."resolved_by" is null))
);
--> statement-breakpoint
ALTER TABLE "question_reports" ADD CONSTRAINT "question_reports_tenant_id_user_id_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","user_id") REFERENCES "public"."users"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "question_reports_open_uq" ON "question_reports" USING btree ("tenant_id","question_key","user_id") WHERE "question_reports"."resolved_at" is null;--> statement-breakpoint
CREATE INDEX "question_reports_resolved_idx" ON "question_reports" USING btree ("tenant_id","resolved_at") WHERE "question_reports"."resolved_at" is not null;