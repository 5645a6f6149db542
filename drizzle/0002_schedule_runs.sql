CREATE TABLE "schedule_runs" (
	"task" text NOT NULL,
	"slot" text NOT NULL,
	"claimed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "schedule_runs_task_slot_pk" PRIMARY KEY("task","slot")
);
