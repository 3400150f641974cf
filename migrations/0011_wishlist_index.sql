CREATE TABLE "wishlist_index" (
	"customer_id" text NOT NULL,
	"sku" text NOT NULL,
	"channel" text NOT NULL,
	"customer_group" text,
	"currency" text NOT NULL,
	"last_amount" bigint,
	"drops" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "wishlist_index_customer_id_sku_pk" PRIMARY KEY("customer_id","sku")
);
--> statement-breakpoint
CREATE INDEX "wishlist_index_sku_idx" ON "wishlist_index" USING btree ("sku");