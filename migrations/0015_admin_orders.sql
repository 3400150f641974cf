DROP INDEX "orders_customer_idx";--> statement-breakpoint
CREATE INDEX "orders_created_idx" ON "orders" USING btree (date_trunc('milliseconds', "created_at" at time zone 'UTC'),"id");--> statement-breakpoint
CREATE INDEX "orders_location_created_idx" ON "orders" USING btree ("location_id",date_trunc('milliseconds', "created_at" at time zone 'UTC'),"id");--> statement-breakpoint
CREATE INDEX "orders_customer_created_idx" ON "orders" USING btree ("customer_id",date_trunc('milliseconds', "created_at" at time zone 'UTC'),"id");