CREATE SCHEMA "housing";
--> statement-breakpoint
CREATE TYPE "housing"."consent_status" AS ENUM('OPEN', 'CLOSED');--> statement-breakpoint
CREATE TYPE "housing"."renovation_phase" AS ENUM('SURVEY', 'CONSULTATION', 'PLAN', 'APPROVAL', 'TENDER', 'CONSTRUCTION', 'ACCEPTANCE', 'LONG_TERM_MANAGEMENT');--> statement-breakpoint
CREATE TYPE "housing"."retrofit_phase" AS ENUM('PROPOSED', 'CONSENT_COLLECTING', 'PUBLICIZED', 'DESIGN', 'APPROVAL', 'CONSTRUCTION', 'ACCEPTANCE', 'IN_SERVICE', 'REJECTED');--> statement-breakpoint
CREATE TYPE "housing"."vote_choice" AS ENUM('AGREE', 'DISAGREE', 'ABSTAIN');--> statement-breakpoint
CREATE TYPE "housing"."vote_method" AS ENUM('WRITTEN', 'ONLINE', 'MEETING');--> statement-breakpoint
CREATE TABLE "housing"."consent_vote_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"consent_id" text NOT NULL,
	"household_id" text NOT NULL,
	"choice" "housing"."vote_choice" NOT NULL,
	"method" "housing"."vote_method" NOT NULL,
	"revision" integer NOT NULL,
	"cast_by" text NOT NULL,
	"cast_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "housing"."consent_votes" (
	"consent_id" text NOT NULL,
	"household_id" text NOT NULL,
	"choice" "housing"."vote_choice" NOT NULL,
	"method" "housing"."vote_method" NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"cast_by" text NOT NULL,
	"cast_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consent_votes_consent_id_household_id_pk" PRIMARY KEY("consent_id","household_id")
);
--> statement-breakpoint
CREATE TABLE "housing"."consents" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"retrofit_id" text NOT NULL,
	"status" "housing"."consent_status" DEFAULT 'OPEN' NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"opened_by" text NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by" text,
	CONSTRAINT "consents_retrofit_id_unique" UNIQUE("retrofit_id")
);
--> statement-breakpoint
CREATE TABLE "housing"."elevator_retrofits" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"building_id" text NOT NULL,
	"compound_id" text NOT NULL,
	"stairwell_unit" integer DEFAULT 0 NOT NULL,
	"grid_id" text NOT NULL,
	"preparation_group" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"phase" "housing"."retrofit_phase" DEFAULT 'PROPOSED' NOT NULL,
	"total_cost_cents" bigint NOT NULL,
	"subsidy_cents" bigint DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "retrofit_costs" CHECK ("housing"."elevator_retrofits"."total_cost_cents" >= 0 and "housing"."elevator_retrofits"."subsidy_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "housing"."feed_cursors" (
	"feed" text PRIMARY KEY NOT NULL,
	"position" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "housing"."idempotency_keys" (
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"result_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_scope_key_pk" PRIMARY KEY("scope","key")
);
--> statement-breakpoint
CREATE TABLE "housing"."renovation_phase_transitions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"from_phase" "housing"."renovation_phase" NOT NULL,
	"to_phase" "housing"."renovation_phase" NOT NULL,
	"actor_sub" text NOT NULL,
	"note" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "housing"."renovation_projects" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"compound_id" text NOT NULL,
	"title" text NOT NULL,
	"items" jsonb NOT NULL,
	"phase" "housing"."renovation_phase" DEFAULT 'SURVEY' NOT NULL,
	"progress_percent" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "renovation_progress_range" CHECK ("housing"."renovation_projects"."progress_percent" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "housing"."retrofit_phase_transitions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"retrofit_id" text NOT NULL,
	"from_phase" "housing"."retrofit_phase" NOT NULL,
	"to_phase" "housing"."retrofit_phase" NOT NULL,
	"actor_sub" text NOT NULL,
	"note" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "housing"."roll_entries" (
	"consent_id" text NOT NULL,
	"household_id" text NOT NULL,
	"unit" integer NOT NULL,
	"floor" integer NOT NULL,
	"area_hundredths" integer NOT NULL,
	CONSTRAINT "roll_entries_consent_id_household_id_pk" PRIMARY KEY("consent_id","household_id"),
	CONSTRAINT "roll_area_positive" CHECK ("housing"."roll_entries"."area_hundredths" > 0)
);
--> statement-breakpoint
ALTER TABLE "housing"."consent_vote_history" ADD CONSTRAINT "consent_vote_history_consent_id_household_id_roll_entries_consent_id_household_id_fk" FOREIGN KEY ("consent_id","household_id") REFERENCES "housing"."roll_entries"("consent_id","household_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "housing"."consent_votes" ADD CONSTRAINT "consent_votes_consent_id_household_id_roll_entries_consent_id_household_id_fk" FOREIGN KEY ("consent_id","household_id") REFERENCES "housing"."roll_entries"("consent_id","household_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "housing"."consents" ADD CONSTRAINT "consents_retrofit_id_elevator_retrofits_id_fk" FOREIGN KEY ("retrofit_id") REFERENCES "housing"."elevator_retrofits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "housing"."renovation_phase_transitions" ADD CONSTRAINT "renovation_phase_transitions_project_id_renovation_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "housing"."renovation_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "housing"."retrofit_phase_transitions" ADD CONSTRAINT "retrofit_phase_transitions_retrofit_id_elevator_retrofits_id_fk" FOREIGN KEY ("retrofit_id") REFERENCES "housing"."elevator_retrofits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "housing"."roll_entries" ADD CONSTRAINT "roll_entries_consent_id_consents_id_fk" FOREIGN KEY ("consent_id") REFERENCES "housing"."consents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "consent_vote_history_revision" ON "housing"."consent_vote_history" USING btree ("consent_id","household_id","revision");--> statement-breakpoint
CREATE INDEX "elevator_retrofits_building_idx" ON "housing"."elevator_retrofits" USING btree ("building_id","created_at");--> statement-breakpoint
CREATE INDEX "elevator_retrofits_grid_idx" ON "housing"."elevator_retrofits" USING btree ("grid_id");--> statement-breakpoint
CREATE UNIQUE INDEX "elevator_retrofits_one_active" ON "housing"."elevator_retrofits" USING btree ("building_id","stairwell_unit") WHERE "housing"."elevator_retrofits"."phase" not in ('IN_SERVICE', 'REJECTED');--> statement-breakpoint
CREATE INDEX "renovation_transitions_project_idx" ON "housing"."renovation_phase_transitions" USING btree ("project_id","at");--> statement-breakpoint
CREATE INDEX "renovation_projects_compound_idx" ON "housing"."renovation_projects" USING btree ("compound_id","id");--> statement-breakpoint
CREATE INDEX "retrofit_transitions_retrofit_idx" ON "housing"."retrofit_phase_transitions" USING btree ("retrofit_id","at");