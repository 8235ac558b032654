CREATE SCHEMA "safety";
--> statement-breakpoint
CREATE TYPE "safety"."alarm_kind" AS ENUM('SOS', 'SMOKE', 'GAS', 'DEVICE_OFFLINE');--> statement-breakpoint
CREATE TYPE "safety"."alarm_status" AS ENUM('RAISED', 'ACKNOWLEDGED', 'DISPATCHED', 'RESOLVED', 'FALSE_ALARM', 'ESCALATED');--> statement-breakpoint
CREATE TYPE "safety"."device_kind" AS ENUM('SMOKE_ALARM', 'SOS_BUTTON', 'GAS_DETECTOR', 'DOOR_SENSOR');--> statement-breakpoint
CREATE TYPE "safety"."emergency_service" AS ENUM('FIRE_119', 'AMBULANCE_120', 'POLICE_110');--> statement-breakpoint
CREATE TYPE "safety"."hazard_remedy" AS ENUM('IMMEDIATE', 'DEADLINE');--> statement-breakpoint
CREATE TYPE "safety"."hazard_severity" AS ENUM('GENERAL', 'MAJOR');--> statement-breakpoint
CREATE TYPE "safety"."case_source" AS ENUM('GRID_WORKER', 'RESIDENT', 'PATROL', 'HOTLINE_12345', 'VIDEO', 'SUPERIOR');--> statement-breakpoint
CREATE TYPE "safety"."case_status" AS ENUM('REPORTED', 'ACCEPTED', 'FILED', 'VOIDED', 'DISPATCHED', 'PROCESSING', 'PROCESSED', 'VERIFYING', 'CLOSED', 'REWORK');--> statement-breakpoint
CREATE TYPE "safety"."case_tier" AS ENUM('GRID', 'COMMUNITY', 'SUBDISTRICT', 'CITY');--> statement-breakpoint
CREATE TYPE "safety"."hazard_type" AS ENUM('FIRE_LANE_BLOCKED', 'EVACUATION_BLOCKED', 'COMBUSTIBLE_SANDWICH_PANEL', 'ELECTRICAL_OVERLOAD', 'ILLEGAL_WIRING', 'EBIKE_INDOOR_CHARGING', 'FACILITY_MISSING', 'OTHER');--> statement-breakpoint
CREATE TYPE "safety"."site_kind" AS ENUM('MARKET', 'BUILDING', 'SHOP', 'KINDERGARTEN');--> statement-breakpoint
CREATE TABLE "safety"."alarm_transitions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"alarm_id" text NOT NULL,
	"from_status" "safety"."alarm_status" NOT NULL,
	"to_status" "safety"."alarm_status" NOT NULL,
	"actor_sub" text NOT NULL,
	"note" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "safety"."alarms" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"device_id" text NOT NULL,
	"household_id" text NOT NULL,
	"kind" "safety"."alarm_kind" NOT NULL,
	"status" "safety"."alarm_status" DEFAULT 'RAISED' NOT NULL,
	"idempotency_key" text NOT NULL,
	"raised_at" timestamp with time zone DEFAULT now() NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"responder_id" text,
	"dispatched_at" timestamp with time zone,
	"escalated_to" "safety"."emergency_service",
	"closed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "safety"."devices" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"household_id" text NOT NULL,
	"kind" "safety"."device_kind" NOT NULL,
	"installed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"battery_percent" integer,
	"has_fault" boolean DEFAULT false NOT NULL,
	"last_heartbeat_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "safety"."feed_cursors" (
	"feed" text PRIMARY KEY NOT NULL,
	"position" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "safety"."fire_drills" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"site_id" text NOT NULL,
	"held_at" timestamp with time zone NOT NULL,
	"organizer" text NOT NULL,
	"participants" integer NOT NULL,
	"scenario" text NOT NULL,
	"evacuation_seconds" integer,
	"hazards_found" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "safety"."hazard_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" text NOT NULL,
	"kind" text NOT NULL,
	"from_status" "safety"."case_status" NOT NULL,
	"to_status" "safety"."case_status" NOT NULL,
	"from_tier" "safety"."case_tier" NOT NULL,
	"to_tier" "safety"."case_tier" NOT NULL,
	"actor_sub" text NOT NULL,
	"note" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "safety"."hazards" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"status" "safety"."case_status" DEFAULT 'REPORTED' NOT NULL,
	"tier" "safety"."case_tier" DEFAULT 'GRID' NOT NULL,
	"source" "safety"."case_source" NOT NULL,
	"deadline" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"reported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"inspection_id" text NOT NULL,
	"site_id" text NOT NULL,
	"building_id" text,
	"type" "safety"."hazard_type" NOT NULL,
	"severity" "safety"."hazard_severity" NOT NULL,
	"remedy" "safety"."hazard_remedy" NOT NULL,
	"description" text NOT NULL,
	"notice_due_on" date,
	"rectify_by" date NOT NULL,
	"reinspection_due_on" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "safety"."households" (
	"id" text PRIMARY KEY NOT NULL,
	"building_id" text NOT NULL,
	"grid_id" text NOT NULL,
	"community_id" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "safety"."idempotency_keys" (
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"result_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_scope_key_pk" PRIMARY KEY("scope","key")
);
--> statement-breakpoint
CREATE TABLE "safety"."inspections" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"site_id" text NOT NULL,
	"inspected_on" date NOT NULL,
	"inspector_sub" text NOT NULL,
	"findings" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "safety"."residents" (
	"id" text PRIMARY KEY NOT NULL,
	"household_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "safety"."sites" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"name" text NOT NULL,
	"kind" "safety"."site_kind" NOT NULL,
	"is_key_unit" boolean DEFAULT false NOT NULL,
	"community_id" text NOT NULL,
	"grid_id" text NOT NULL,
	"building_id" text,
	"address" text NOT NULL,
	"built_year" integer,
	"area_m2" numeric(12, 2)
);
--> statement-breakpoint
ALTER TABLE "safety"."alarm_transitions" ADD CONSTRAINT "alarm_transitions_alarm_id_alarms_id_fk" FOREIGN KEY ("alarm_id") REFERENCES "safety"."alarms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety"."alarms" ADD CONSTRAINT "alarms_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "safety"."devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety"."fire_drills" ADD CONSTRAINT "fire_drills_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "safety"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety"."hazards" ADD CONSTRAINT "hazards_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "safety"."inspections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety"."hazards" ADD CONSTRAINT "hazards_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "safety"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety"."inspections" ADD CONSTRAINT "inspections_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "safety"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alarm_transitions_alarm_idx" ON "safety"."alarm_transitions" USING btree ("alarm_id");--> statement-breakpoint
CREATE UNIQUE INDEX "alarms_device_key_uq" ON "safety"."alarms" USING btree ("device_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "alarms_status_raised_idx" ON "safety"."alarms" USING btree ("status","raised_at");--> statement-breakpoint
CREATE INDEX "alarms_household_idx" ON "safety"."alarms" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "devices_household_idx" ON "safety"."devices" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "devices_heartbeat_idx" ON "safety"."devices" USING btree ("last_heartbeat_at");--> statement-breakpoint
CREATE INDEX "fire_drills_site_held_idx" ON "safety"."fire_drills" USING btree ("site_id","held_at");--> statement-breakpoint
CREATE INDEX "hazards_site_idx" ON "safety"."hazards" USING btree ("site_id");--> statement-breakpoint
CREATE INDEX "hazards_building_idx" ON "safety"."hazards" USING btree ("building_id");--> statement-breakpoint
CREATE INDEX "hazards_inspection_idx" ON "safety"."hazards" USING btree ("inspection_id");--> statement-breakpoint
CREATE INDEX "hazards_status_deadline_idx" ON "safety"."hazards" USING btree ("status","deadline");--> statement-breakpoint
CREATE INDEX "households_grid_idx" ON "safety"."households" USING btree ("grid_id");--> statement-breakpoint
CREATE INDEX "households_building_idx" ON "safety"."households" USING btree ("building_id");--> statement-breakpoint
CREATE INDEX "inspections_site_idx" ON "safety"."inspections" USING btree ("site_id");--> statement-breakpoint
CREATE INDEX "residents_household_idx" ON "safety"."residents" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "sites_community_idx" ON "safety"."sites" USING btree ("community_id");--> statement-breakpoint
CREATE INDEX "sites_building_idx" ON "safety"."sites" USING btree ("building_id");