-- Store credit from returns moves into the wallet's ledger, and each customer's balance with it.
INSERT INTO "wallet_entries" ("id", "customer_id", "kind", "amount", "order_id", "return_id", "created_at")
  SELECT "id", "customer_id", "kind", "amount", "order_id", "return_id", "created_at" FROM "store_credit_entries"
  ON CONFLICT ("id") DO NOTHING;--> statement-breakpoint
INSERT INTO "wallets" ("customer_id", "store_credit")
  SELECT "customer_id", sum("amount") FROM "store_credit_entries" GROUP BY "customer_id"
  ON CONFLICT ("customer_id") DO UPDATE SET "store_credit" = "wallets"."store_credit" + excluded."store_credit";--> statement-breakpoint
DROP TABLE "store_credit_entries" CASCADE;
