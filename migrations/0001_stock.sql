CREATE TABLE "inventory_movements" (
	"id" text PRIMARY KEY NOT NULL,
	"sku" text NOT NULL,
	"location_id" text NOT NULL,
	"kind" text NOT NULL,
	"on_hand_delta" integer NOT NULL,
	"reserved_delta" integer NOT NULL,
	"quantity" integer NOT NULL,
	"reference" text,
	"flagged" boolean DEFAULT false NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" text PRIMARY KEY NOT NULL,
	"topic" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"available_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"processed_at" timestamp with time zone,
	"last_error" text,
	"dead" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE INDEX "inventory_movements_sku_idx" ON "inventory_movements" USING btree ("sku","location_id","occurred_at");--> statement-breakpoint
CREATE INDEX "inventory_movements_flagged_idx" ON "inventory_movements" USING btree ("occurred_at") WHERE "inventory_movements"."flagged";--> statement-breakpoint
CREATE INDEX "outbox_pending_idx" ON "outbox" USING btree ("available_at") WHERE "outbox"."processed_at" is null and not "outbox"."dead";