CREATE TABLE "back_in_stock_subscriptions" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"sku" text NOT NULL,
	"location_id" text,
	"status" text DEFAULT 'waiting' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"notified_at" timestamp with time zone,
	"notified_by" text
);
--> statement-breakpoint
CREATE UNIQUE INDEX "back_in_stock_waiting_once" ON "back_in_stock_subscriptions" USING btree ("customer_id","sku",coalesce("location_id", '')) WHERE "back_in_stock_subscriptions"."status" = 'waiting';--> statement-breakpoint
CREATE INDEX "back_in_stock_waiting_idx" ON "back_in_stock_subscriptions" USING btree ("sku","location_id") WHERE "back_in_stock_subscriptions"."status" = 'waiting';--> statement-breakpoint
CREATE INDEX "back_in_stock_customer_idx" ON "back_in_stock_subscriptions" USING btree ("customer_id","created_at");