CREATE TYPE "community"."deregistration_reason" AS ENUM('MOVED_AWAY', 'DECEASED');--> statement-breakpoint
CREATE TABLE "community"."change_events" (
	"position" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"entity_id" text NOT NULL,
	"payload" jsonb NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "community"."idempotency_keys" (
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"result_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_scope_key_pk" PRIMARY KEY("scope","key")
);
--> statement-breakpoint
ALTER TABLE "community"."residents" ADD COLUMN "deregistered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "community"."residents" ADD COLUMN "deregistration_reason" "community"."deregistration_reason";--> statement-breakpoint
ALTER TABLE "community"."residents" ADD CONSTRAINT "residents_deregistration_has_reason" CHECK (("community"."residents"."deregistered_at" is null) = ("community"."residents"."deregistration_reason" is null));