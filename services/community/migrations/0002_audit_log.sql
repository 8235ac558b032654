CREATE TABLE "community"."audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"actor_sub" text NOT NULL,
	"actor_roles" text[] NOT NULL,
	"subject_id" text,
	"record_id" text,
	"field" text NOT NULL,
	"request_id" text NOT NULL,
	"outcome" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "audit_log_outcome_known" CHECK ("community"."audit_log"."outcome" in ('READ', 'DENIED'))
);
--> statement-breakpoint
CREATE INDEX "audit_log_subject_idx" ON "community"."audit_log" USING btree ("subject_id","id");--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "community"."audit_log" USING btree ("actor_sub","id");