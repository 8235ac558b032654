CREATE SCHEMA "community";
--> statement-breakpoint
CREATE TYPE "community"."gender" AS ENUM('FEMALE', 'MALE');--> statement-breakpoint
CREATE TYPE "community"."grid_kind" AS ENUM('COMPREHENSIVE', 'DEDICATED', 'MICRO');--> statement-breakpoint
CREATE TYPE "community"."grid_worker_role" AS ENUM('GRID_CHIEF', 'FULL_TIME', 'PART_TIME', 'MICRO_GRID_LIAISON', 'BUILDING_LEADER', 'VOLUNTEER');--> statement-breakpoint
CREATE TYPE "community"."property_management" AS ENUM('COMPANY', 'SELF_GOVERNED', 'NONE');--> statement-breakpoint
CREATE TYPE "community"."resident_tag" AS ENUM('LIVES_ALONE', 'EMPTY_NEST', 'NO_KIN', 'DISABLED', 'LOW_INCOME', 'VETERAN');--> statement-breakpoint
CREATE TABLE "community"."buildings" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"compound_id" text NOT NULL,
	"grid_id" text NOT NULL,
	"micro_grid_id" text,
	"number" text NOT NULL,
	"floors" integer NOT NULL,
	"has_elevator" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "community"."communities" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"subdistrict_id" text NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "community"."compounds" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"community_id" text NOT NULL,
	"name" text NOT NULL,
	"built_year" integer,
	"property_management" "community"."property_management" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "community"."grid_assignments" (
	"grid_id" text NOT NULL,
	"grid_worker_id" text NOT NULL,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "grid_assignments_grid_id_grid_worker_id_pk" PRIMARY KEY("grid_id","grid_worker_id")
);
--> statement-breakpoint
CREATE TABLE "community"."grid_workers" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"name" text NOT NULL,
	"phone" text NOT NULL,
	"role" "community"."grid_worker_role" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "community"."grids" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"community_id" text NOT NULL,
	"parent_id" text,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" "community"."grid_kind" NOT NULL,
	"level" integer NOT NULL,
	CONSTRAINT "grids_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "community"."households" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"building_id" text NOT NULL,
	"unit" integer NOT NULL,
	"floor" integer NOT NULL,
	"room" text NOT NULL,
	"area_m2" numeric(7, 2) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "community"."residents" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"household_id" text NOT NULL,
	"name" text NOT NULL,
	"gender" "community"."gender" NOT NULL,
	"birth_date" date NOT NULL,
	"phone" text,
	"id_number" text NOT NULL,
	"tags" "community"."resident_tag"[] DEFAULT '{}' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "residents_id_number_unique" UNIQUE("id_number")
);
--> statement-breakpoint
CREATE TABLE "community"."subdistricts" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"name" text NOT NULL,
	"region_code" text NOT NULL,
	CONSTRAINT "subdistricts_region_code_unique" UNIQUE("region_code")
);
--> statement-breakpoint
ALTER TABLE "community"."buildings" ADD CONSTRAINT "buildings_compound_id_compounds_id_fk" FOREIGN KEY ("compound_id") REFERENCES "community"."compounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community"."buildings" ADD CONSTRAINT "buildings_grid_id_grids_id_fk" FOREIGN KEY ("grid_id") REFERENCES "community"."grids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community"."buildings" ADD CONSTRAINT "buildings_micro_grid_id_grids_id_fk" FOREIGN KEY ("micro_grid_id") REFERENCES "community"."grids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community"."communities" ADD CONSTRAINT "communities_subdistrict_id_subdistricts_id_fk" FOREIGN KEY ("subdistrict_id") REFERENCES "community"."subdistricts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community"."compounds" ADD CONSTRAINT "compounds_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "community"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community"."grid_assignments" ADD CONSTRAINT "grid_assignments_grid_id_grids_id_fk" FOREIGN KEY ("grid_id") REFERENCES "community"."grids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community"."grid_assignments" ADD CONSTRAINT "grid_assignments_grid_worker_id_grid_workers_id_fk" FOREIGN KEY ("grid_worker_id") REFERENCES "community"."grid_workers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community"."grids" ADD CONSTRAINT "grids_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "community"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community"."households" ADD CONSTRAINT "households_building_id_buildings_id_fk" FOREIGN KEY ("building_id") REFERENCES "community"."buildings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community"."residents" ADD CONSTRAINT "residents_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "community"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "buildings_compound_idx" ON "community"."buildings" USING btree ("compound_id");--> statement-breakpoint
CREATE INDEX "buildings_grid_idx" ON "community"."buildings" USING btree ("grid_id");--> statement-breakpoint
CREATE INDEX "buildings_micro_grid_idx" ON "community"."buildings" USING btree ("micro_grid_id");--> statement-breakpoint
CREATE INDEX "communities_subdistrict_idx" ON "community"."communities" USING btree ("subdistrict_id");--> statement-breakpoint
CREATE INDEX "compounds_community_idx" ON "community"."compounds" USING btree ("community_id");--> statement-breakpoint
CREATE INDEX "grid_assignments_worker_idx" ON "community"."grid_assignments" USING btree ("grid_worker_id");--> statement-breakpoint
CREATE INDEX "grids_community_idx" ON "community"."grids" USING btree ("community_id");--> statement-breakpoint
CREATE INDEX "grids_parent_idx" ON "community"."grids" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "households_building_idx" ON "community"."households" USING btree ("building_id");--> statement-breakpoint
CREATE INDEX "residents_household_idx" ON "community"."residents" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "residents_birth_date_idx" ON "community"."residents" USING btree ("birth_date");