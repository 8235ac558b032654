CREATE SCHEMA "environment";
--> statement-breakpoint
CREATE TYPE "environment"."case_source" AS ENUM('GRID_WORKER', 'RESIDENT', 'PATROL', 'HOTLINE_12345', 'VIDEO', 'SUPERIOR');--> statement-breakpoint
CREATE TYPE "environment"."case_status" AS ENUM('REPORTED', 'ACCEPTED', 'FILED', 'VOIDED', 'DISPATCHED', 'PROCESSING', 'PROCESSED', 'VERIFYING', 'CLOSED', 'REWORK');--> statement-breakpoint
CREATE TYPE "environment"."case_tier" AS ENUM('GRID', 'COMMUNITY', 'SUBDISTRICT', 'CITY');--> statement-breakpoint
CREATE TYPE "environment"."issue_category" AS ENUM('FLOATING_DEBRIS', 'GARBAGE_PILE', 'SEWAGE_OUTFALL', 'BLACK_ODOROUS_WATER', 'ILLEGAL_DUMPING', 'ILLEGAL_CONSTRUCTION', 'NOISE', 'OTHER');--> statement-breakpoint
CREATE TYPE "environment"."river_chief_level" AS ENUM('CITY', 'COUNTY', 'TOWNSHIP', 'VILLAGE', 'CIVILIAN');--> statement-breakpoint
CREATE TYPE "environment"."water_quality_class" AS ENUM('CLASS_I', 'CLASS_II', 'CLASS_III', 'CLASS_IV', 'CLASS_V');--> statement-breakpoint
CREATE TABLE "environment"."environment_issue_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" text NOT NULL,
	"kind" text NOT NULL,
	"from_status" "environment"."case_status" NOT NULL,
	"to_status" "environment"."case_status" NOT NULL,
	"from_tier" "environment"."case_tier" NOT NULL,
	"to_tier" "environment"."case_tier" NOT NULL,
	"actor_sub" text NOT NULL,
	"note" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "environment"."environment_issues" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"status" "environment"."case_status" DEFAULT 'REPORTED' NOT NULL,
	"tier" "environment"."case_tier" DEFAULT 'GRID' NOT NULL,
	"source" "environment"."case_source" NOT NULL,
	"deadline" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"reported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"category" "environment"."issue_category" NOT NULL,
	"description" text NOT NULL,
	"address" text NOT NULL,
	"latitude" double precision,
	"longitude" double precision,
	"grid_id" text NOT NULL,
	"photo_urls" text[] DEFAULT '{}'::text[] NOT NULL,
	"reporter_resident_id" text,
	"reporter_worker_id" text,
	"reported_by" text NOT NULL,
	"handler_worker_id" text,
	"patrol_id" text,
	"segment_id" text
);
--> statement-breakpoint
CREATE TABLE "environment"."green_spaces" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"name" text NOT NULL,
	"area_m2" numeric(10, 1) NOT NULL,
	"grid_id" text NOT NULL,
	"community_id" text NOT NULL,
	"maintainer" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "environment"."idempotency_keys" (
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"result_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_scope_key_pk" PRIMARY KEY("scope","key")
);
--> statement-breakpoint
CREATE TABLE "environment"."river_chief_segments" (
	"chief_id" text NOT NULL,
	"segment_id" text NOT NULL,
	CONSTRAINT "river_chief_segments_chief_id_segment_id_pk" PRIMARY KEY("chief_id","segment_id")
);
--> statement-breakpoint
CREATE TABLE "environment"."river_chiefs" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"name" text NOT NULL,
	"level" "environment"."river_chief_level" NOT NULL,
	"position" text NOT NULL,
	"team" text,
	"grid_worker_id" text,
	"resident_id" text
);
--> statement-breakpoint
CREATE TABLE "environment"."river_communities" (
	"river_id" text NOT NULL,
	"community_id" text NOT NULL,
	CONSTRAINT "river_communities_river_id_community_id_pk" PRIMARY KEY("river_id","community_id")
);
--> statement-breakpoint
CREATE TABLE "environment"."river_patrols" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"segment_id" text NOT NULL,
	"chief_id" text,
	"patroller_worker_id" text,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone NOT NULL,
	"summary" text NOT NULL,
	"recorded_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "environment"."river_segments" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"river_id" text NOT NULL,
	"name" text NOT NULL,
	"length_km" numeric(8, 2) NOT NULL,
	"water_quality_target" "environment"."water_quality_class" NOT NULL,
	"community_id" text NOT NULL,
	"grid_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "environment"."rivers" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"name" text NOT NULL,
	"length_km" numeric(8, 2) NOT NULL,
	"water_quality_target" "environment"."water_quality_class" NOT NULL
);
--> statement-breakpoint
ALTER TABLE "environment"."environment_issues" ADD CONSTRAINT "environment_issues_patrol_id_river_patrols_id_fk" FOREIGN KEY ("patrol_id") REFERENCES "environment"."river_patrols"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "environment"."environment_issues" ADD CONSTRAINT "environment_issues_segment_id_river_segments_id_fk" FOREIGN KEY ("segment_id") REFERENCES "environment"."river_segments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "environment"."river_chief_segments" ADD CONSTRAINT "river_chief_segments_chief_id_river_chiefs_id_fk" FOREIGN KEY ("chief_id") REFERENCES "environment"."river_chiefs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "environment"."river_chief_segments" ADD CONSTRAINT "river_chief_segments_segment_id_river_segments_id_fk" FOREIGN KEY ("segment_id") REFERENCES "environment"."river_segments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "environment"."river_communities" ADD CONSTRAINT "river_communities_river_id_rivers_id_fk" FOREIGN KEY ("river_id") REFERENCES "environment"."rivers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "environment"."river_patrols" ADD CONSTRAINT "river_patrols_segment_id_river_segments_id_fk" FOREIGN KEY ("segment_id") REFERENCES "environment"."river_segments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "environment"."river_patrols" ADD CONSTRAINT "river_patrols_chief_id_river_chiefs_id_fk" FOREIGN KEY ("chief_id") REFERENCES "environment"."river_chiefs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "environment"."river_segments" ADD CONSTRAINT "river_segments_river_id_rivers_id_fk" FOREIGN KEY ("river_id") REFERENCES "environment"."rivers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "environment_issues_grid" ON "environment"."environment_issues" USING btree ("grid_id","id");--> statement-breakpoint
CREATE INDEX "environment_issues_reporter" ON "environment"."environment_issues" USING btree ("reporter_resident_id","id");--> statement-breakpoint
CREATE INDEX "environment_issues_patrol" ON "environment"."environment_issues" USING btree ("patrol_id");--> statement-breakpoint
CREATE INDEX "environment_issues_open_deadline" ON "environment"."environment_issues" USING btree ("deadline") WHERE status not in ('CLOSED', 'VOIDED');--> statement-breakpoint
CREATE INDEX "river_chief_segments_segment" ON "environment"."river_chief_segments" USING btree ("segment_id");--> statement-breakpoint
CREATE INDEX "river_communities_community" ON "environment"."river_communities" USING btree ("community_id");--> statement-breakpoint
CREATE INDEX "river_patrols_segment" ON "environment"."river_patrols" USING btree ("segment_id","id");--> statement-breakpoint
CREATE INDEX "river_segments_river" ON "environment"."river_segments" USING btree ("river_id");