CREATE TABLE "receipt_counters" (
	"location_id" text NOT NULL,
	"business_day" text NOT NULL,
	"last_number" integer NOT NULL,
	CONSTRAINT "receipt_counters_location_id_business_day_pk" PRIMARY KEY("location_id","business_day")
);
--> statement-breakpoint
ALTER TABLE "order_lines" ALTER COLUMN "hold_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ALTER COLUMN "cart_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "override_reason" text;--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "engine_unit_amount" bigint;--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "engine_line_total" bigint;--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "flags" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "flags" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "sale_id" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "occurred_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "receipt_number" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "change_due" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "catalog_version" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "arrived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "arrival" jsonb;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "reference" text;--> statement-breakpoint
CREATE UNIQUE INDEX "orders_sale_idx" ON "orders" USING btree ("location_id","sale_id") WHERE "orders"."sale_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "orders_receipt_idx" ON "orders" USING btree ("location_id","receipt_number") WHERE "orders"."receipt_number" is not null;