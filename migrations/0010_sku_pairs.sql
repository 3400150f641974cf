CREATE TABLE "sku_pairs" (
	"sku_a" text NOT NULL,
	"sku_b" text NOT NULL,
	"orders" integer NOT NULL,
	CONSTRAINT "sku_pairs_sku_a_sku_b_pk" PRIMARY KEY("sku_a","sku_b"),
	CONSTRAINT "sku_pairs_ordered" CHECK ("sku_pairs"."sku_a" < "sku_pairs"."sku_b")
);
--> statement-breakpoint
CREATE INDEX "sku_pairs_sku_b_idx" ON "sku_pairs" USING btree ("sku_b");