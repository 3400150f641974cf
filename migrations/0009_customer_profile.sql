CREATE TABLE "customer_lookups" (
	"id" text PRIMARY KEY NOT NULL,
	"actor_sub" text NOT NULL,
	"actor_role" text NOT NULL,
	"location_id" text,
	"method" text NOT NULL,
	"customer_ids" text[] NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "name" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "marketing_consent" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
CREATE INDEX "customer_lookups_customer_ids_idx" ON "customer_lookups" USING gin ("customer_ids");--> statement-breakpoint
CREATE INDEX "customer_lookups_occurred_at_idx" ON "customer_lookups" USING btree ("occurred_at");--> statement-breakpoint
-- Checkouts before this migration copied their contact e-mail onto the customer freely, so two customers may
-- share one; before the unique index, each such e-mail stays with the customer who used it first.
UPDATE "customers" SET "email" = NULL WHERE "id" IN (
  SELECT "id" FROM (
    SELECT "id", row_number() OVER (PARTITION BY lower("email") ORDER BY "created_at", "id") AS "n"
      FROM "customers" WHERE "email" IS NOT NULL
  ) AS "shared" WHERE "n" > 1
);--> statement-breakpoint
CREATE UNIQUE INDEX "customers_email_idx" ON "customers" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "customers_phone_idx" ON "customers" USING btree ("phone");