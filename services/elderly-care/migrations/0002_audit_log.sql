CREATE TABLE "elderly_care"."audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"actor_sub" text NOT NULL,
	"actor_roles" text[] NOT NULL,
	"subject_id" text,
	"record_id" text,
	"field" text NOT NULL,
	"request_id" text NOT NULL,
	"outcome" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "audit_log_outcome_known" CHECK ("elderly_care"."audit_log"."outcome" in ('READ', 'DENIED'))
);
--> statement-breakpoint
CREATE INDEX "audit_log_subject_idx" ON "elderly_care"."audit_log" USING btree ("subject_id","id");--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "elderly_care"."audit_log" USING btree ("actor_sub","id");--> statement-breakpoint
-- The assessment-read log becomes the general audit log: its rows move over (the request ids of the past are unknown).
INSERT INTO "elderly_care"."audit_log" ("actor_sub", "actor_roles", "subject_id", "record_id", "field", "request_id", "outcome", "at")
SELECT "viewer_sub", "viewer_roles", "resident_id", "assessment_id", 'CapabilityAssessment', 'unknown', 'READ', "read_at"
FROM "elderly_care"."assessment_reads" ORDER BY "read_at";--> statement-breakpoint
DROP TABLE "elderly_care"."assessment_reads" CASCADE;
