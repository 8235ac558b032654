CREATE SCHEMA "elderly_care";
--> statement-breakpoint
CREATE TYPE "elderly_care"."capability_adjustment" AS ENUM('COMA', 'DEMENTIA_OR_MENTAL_DISORDER', 'RISK_EVENTS');--> statement-breakpoint
CREATE TYPE "elderly_care"."capability_level" AS ENUM('INTACT', 'MILD', 'MODERATE', 'SEVERE', 'COMPLETE');--> statement-breakpoint
CREATE TYPE "elderly_care"."care_need" AS ENUM('MEAL', 'BATH', 'CLEANING', 'MEDICAL_ESCORT', 'HOME_MODIFICATION', 'COMPANIONSHIP', 'EMERGENCY_DEVICE');--> statement-breakpoint
CREATE TYPE "elderly_care"."care_tag" AS ENUM('LIVES_ALONE', 'EMPTY_NEST', 'NO_KIN', 'DISABLED', 'LOW_INCOME');--> statement-breakpoint
CREATE TYPE "elderly_care"."home_modification_status" AS ENUM('APPLIED', 'ASSESSED', 'DESIGNED', 'INSTALLING', 'ACCEPTED');--> statement-breakpoint
CREATE TYPE "elderly_care"."living_arrangement" AS ENUM('ALONE', 'SPOUSE', 'CHILDREN', 'OTHER_RELATIVES', 'INSTITUTION');--> statement-breakpoint
CREATE TYPE "elderly_care"."meal_order_mode" AS ENUM('DINE_IN', 'PICKUP', 'DELIVERY');--> statement-breakpoint
CREATE TYPE "elderly_care"."meal_order_status" AS ENUM('ORDERED', 'SERVED', 'SETTLED', 'CANCELLED');--> statement-breakpoint
CREATE TYPE "elderly_care"."meal_point_kind" AS ENUM('CANTEEN', 'MEAL_TABLE', 'MEAL_POINT');--> statement-breakpoint
CREATE TYPE "elderly_care"."subsidy_target_group" AS ENUM('LOW_INCOME', 'AGE_80_PLUS', 'AGE_60_PLUS', 'DISABLED', 'LIVES_ALONE', 'NO_KIN');--> statement-breakpoint
CREATE TYPE "elderly_care"."visit_kind" AS ENUM('ROUTINE', 'FOLLOW_UP', 'HOLIDAY', 'ALARM_FOLLOW_UP');--> statement-breakpoint
CREATE TABLE "elderly_care"."assessment_reads" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"viewer_sub" text NOT NULL,
	"viewer_roles" text[] NOT NULL,
	"resident_id" text NOT NULL,
	"assessment_id" text,
	"read_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "elderly_care"."capability_assessments" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"profile_id" text NOT NULL,
	"assessed_at" timestamp with time zone NOT NULL,
	"assessor" text NOT NULL,
	"self_care" integer NOT NULL,
	"mobility" integer NOT NULL,
	"mental_state" integer NOT NULL,
	"perception_social" integer NOT NULL,
	"coma" boolean NOT NULL,
	"dementia_or_mental_disorder" boolean NOT NULL,
	"risk_events_last_30_days" integer NOT NULL,
	"total" integer NOT NULL,
	"base_level" "elderly_care"."capability_level" NOT NULL,
	"level" "elderly_care"."capability_level" NOT NULL,
	"adjustments" "elderly_care"."capability_adjustment"[] DEFAULT '{}' NOT NULL,
	CONSTRAINT "capability_assessments_self_care_range" CHECK ("elderly_care"."capability_assessments"."self_care" between 0 and 32),
	CONSTRAINT "capability_assessments_mobility_range" CHECK ("elderly_care"."capability_assessments"."mobility" between 0 and 15),
	CONSTRAINT "capability_assessments_mental_state_range" CHECK ("elderly_care"."capability_assessments"."mental_state" between 0 and 28),
	CONSTRAINT "capability_assessments_perception_social_range" CHECK ("elderly_care"."capability_assessments"."perception_social" between 0 and 15),
	CONSTRAINT "capability_assessments_risk_events_range" CHECK ("elderly_care"."capability_assessments"."risk_events_last_30_days" >= 0),
	CONSTRAINT "capability_assessments_total_sum" CHECK ("elderly_care"."capability_assessments"."total" = "elderly_care"."capability_assessments"."self_care" + "elderly_care"."capability_assessments"."mobility" + "elderly_care"."capability_assessments"."mental_state" + "elderly_care"."capability_assessments"."perception_social")
);
--> statement-breakpoint
CREATE TABLE "elderly_care"."care_visits" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"profile_id" text NOT NULL,
	"visitor_id" text NOT NULL,
	"kind" "elderly_care"."visit_kind" NOT NULL,
	"visited_at" timestamp with time zone NOT NULL,
	"findings" text,
	"new_needs" "elderly_care"."care_need"[] DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "elderly_care"."elderly_profiles" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"resident_id" text NOT NULL,
	"household_id" text NOT NULL,
	"grid_id" text NOT NULL,
	"community_id" text NOT NULL,
	"birth_date" date NOT NULL,
	"care_tags" "elderly_care"."care_tag"[] DEFAULT '{}' NOT NULL,
	"living_arrangement" "elderly_care"."living_arrangement" NOT NULL,
	"needs" "elderly_care"."care_need"[] DEFAULT '{}' NOT NULL,
	"emergency_contacts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "elderly_profiles_resident_id_unique" UNIQUE("resident_id")
);
--> statement-breakpoint
CREATE TABLE "elderly_care"."home_modification_transitions" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"modification_id" text NOT NULL,
	"from_status" "elderly_care"."home_modification_status" NOT NULL,
	"to_status" "elderly_care"."home_modification_status" NOT NULL,
	"actor_sub" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "elderly_care"."home_modifications" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"profile_id" text NOT NULL,
	"household_id" text NOT NULL,
	"status" "elderly_care"."home_modification_status" DEFAULT 'APPLIED' NOT NULL,
	"items" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"cost_cents" integer DEFAULT 0 NOT NULL,
	"subsidy_cents" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "home_modifications_subsidy_within_cost" CHECK ("elderly_care"."home_modifications"."subsidy_cents" between 0 and "elderly_care"."home_modifications"."cost_cents")
);
--> statement-breakpoint
CREATE TABLE "elderly_care"."meal_orders" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"profile_id" text NOT NULL,
	"meal_point_id" text NOT NULL,
	"served_on" date NOT NULL,
	"mode" "elderly_care"."meal_order_mode" NOT NULL,
	"status" "elderly_care"."meal_order_status" DEFAULT 'ORDERED' NOT NULL,
	"list_price_cents" integer NOT NULL,
	"government_subsidy_cents" integer NOT NULL,
	"operator_discount_cents" integer NOT NULL,
	"elder_pays_cents" integer NOT NULL,
	"subsidy_rule_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meal_orders_split_sums_to_list_price" CHECK ("elderly_care"."meal_orders"."government_subsidy_cents" + "elderly_care"."meal_orders"."operator_discount_cents" + "elderly_care"."meal_orders"."elder_pays_cents" = "elderly_care"."meal_orders"."list_price_cents"),
	CONSTRAINT "meal_orders_amounts_nonnegative" CHECK ("elderly_care"."meal_orders"."list_price_cents" >= 0 and "elderly_care"."meal_orders"."government_subsidy_cents" >= 0 and "elderly_care"."meal_orders"."operator_discount_cents" >= 0 and "elderly_care"."meal_orders"."elder_pays_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "elderly_care"."meal_plans" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"profile_id" text NOT NULL,
	"meal_point_id" text NOT NULL,
	"mode" "elderly_care"."meal_order_mode" NOT NULL,
	"enrolled_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meal_plans_profile_id_unique" UNIQUE("profile_id")
);
--> statement-breakpoint
CREATE TABLE "elderly_care"."meal_point_communities" (
	"meal_point_id" text NOT NULL,
	"community_id" text NOT NULL,
	CONSTRAINT "meal_point_communities_meal_point_id_community_id_pk" PRIMARY KEY("meal_point_id","community_id")
);
--> statement-breakpoint
CREATE TABLE "elderly_care"."meal_points" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"name" text NOT NULL,
	"kind" "elderly_care"."meal_point_kind" NOT NULL,
	"operator" text NOT NULL,
	"address" text NOT NULL,
	"service_radius_m" integer DEFAULT 500 NOT NULL,
	"daily_capacity" integer NOT NULL,
	"offers_delivery" boolean DEFAULT false NOT NULL,
	"meal_price_cents" integer NOT NULL,
	CONSTRAINT "meal_points_meal_price_nonnegative" CHECK ("elderly_care"."meal_points"."meal_price_cents" >= 0),
	CONSTRAINT "meal_points_service_radius_positive" CHECK ("elderly_care"."meal_points"."service_radius_m" > 0),
	CONSTRAINT "meal_points_daily_capacity_nonnegative" CHECK ("elderly_care"."meal_points"."daily_capacity" >= 0)
);
--> statement-breakpoint
CREATE TABLE "elderly_care"."subsidy_rules" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"target_group" "elderly_care"."subsidy_target_group" NOT NULL,
	"government_cents" integer NOT NULL,
	"operator_discount_cents" integer NOT NULL,
	"daily_cap" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "subsidy_rules_government_nonnegative" CHECK ("elderly_care"."subsidy_rules"."government_cents" >= 0),
	CONSTRAINT "subsidy_rules_operator_discount_nonnegative" CHECK ("elderly_care"."subsidy_rules"."operator_discount_cents" >= 0),
	CONSTRAINT "subsidy_rules_daily_cap_nonnegative" CHECK ("elderly_care"."subsidy_rules"."daily_cap" >= 0)
);
--> statement-breakpoint
ALTER TABLE "elderly_care"."capability_assessments" ADD CONSTRAINT "capability_assessments_profile_id_elderly_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "elderly_care"."elderly_profiles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "elderly_care"."care_visits" ADD CONSTRAINT "care_visits_profile_id_elderly_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "elderly_care"."elderly_profiles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "elderly_care"."home_modification_transitions" ADD CONSTRAINT "home_modification_transitions_modification_id_home_modifications_id_fk" FOREIGN KEY ("modification_id") REFERENCES "elderly_care"."home_modifications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "elderly_care"."home_modifications" ADD CONSTRAINT "home_modifications_profile_id_elderly_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "elderly_care"."elderly_profiles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "elderly_care"."meal_orders" ADD CONSTRAINT "meal_orders_profile_id_elderly_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "elderly_care"."elderly_profiles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "elderly_care"."meal_orders" ADD CONSTRAINT "meal_orders_meal_point_id_meal_points_id_fk" FOREIGN KEY ("meal_point_id") REFERENCES "elderly_care"."meal_points"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "elderly_care"."meal_orders" ADD CONSTRAINT "meal_orders_subsidy_rule_id_subsidy_rules_id_fk" FOREIGN KEY ("subsidy_rule_id") REFERENCES "elderly_care"."subsidy_rules"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "elderly_care"."meal_plans" ADD CONSTRAINT "meal_plans_profile_id_elderly_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "elderly_care"."elderly_profiles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "elderly_care"."meal_plans" ADD CONSTRAINT "meal_plans_meal_point_id_meal_points_id_fk" FOREIGN KEY ("meal_point_id") REFERENCES "elderly_care"."meal_points"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "elderly_care"."meal_point_communities" ADD CONSTRAINT "meal_point_communities_meal_point_id_meal_points_id_fk" FOREIGN KEY ("meal_point_id") REFERENCES "elderly_care"."meal_points"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assessment_reads_resident_read_idx" ON "elderly_care"."assessment_reads" USING btree ("resident_id","read_at");--> statement-breakpoint
CREATE INDEX "assessment_reads_viewer_read_idx" ON "elderly_care"."assessment_reads" USING btree ("viewer_sub","read_at");--> statement-breakpoint
CREATE INDEX "capability_assessments_profile_assessed_idx" ON "elderly_care"."capability_assessments" USING btree ("profile_id","assessed_at");--> statement-breakpoint
CREATE INDEX "care_visits_profile_visited_idx" ON "elderly_care"."care_visits" USING btree ("profile_id","visited_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "elderly_profiles_household_idx" ON "elderly_care"."elderly_profiles" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "elderly_profiles_grid_resident_idx" ON "elderly_care"."elderly_profiles" USING btree ("grid_id","resident_id");--> statement-breakpoint
CREATE INDEX "elderly_profiles_community_idx" ON "elderly_care"."elderly_profiles" USING btree ("community_id");--> statement-breakpoint
CREATE INDEX "home_modification_transitions_modification_at_idx" ON "elderly_care"."home_modification_transitions" USING btree ("modification_id","at");--> statement-breakpoint
CREATE INDEX "home_modifications_profile_idx" ON "elderly_care"."home_modifications" USING btree ("profile_id");--> statement-breakpoint
CREATE INDEX "home_modifications_household_idx" ON "elderly_care"."home_modifications" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "meal_orders_meal_point_served_idx" ON "elderly_care"."meal_orders" USING btree ("meal_point_id","served_on");--> statement-breakpoint
CREATE INDEX "meal_orders_profile_served_idx" ON "elderly_care"."meal_orders" USING btree ("profile_id","served_on");--> statement-breakpoint
CREATE INDEX "meal_orders_subsidy_rule_idx" ON "elderly_care"."meal_orders" USING btree ("subsidy_rule_id");--> statement-breakpoint
CREATE INDEX "meal_plans_meal_point_idx" ON "elderly_care"."meal_plans" USING btree ("meal_point_id");--> statement-breakpoint
CREATE INDEX "meal_point_communities_community_idx" ON "elderly_care"."meal_point_communities" USING btree ("community_id");