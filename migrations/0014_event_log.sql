CREATE TABLE "event_streams" (
	"stream" text PRIMARY KEY NOT NULL,
	"last_sequence" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "stream" text;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "sequence" bigint;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "txid" "xid8" DEFAULT pg_current_xact_id() NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "position" bigint NOT NULL GENERATED ALWAYS AS IDENTITY (sequence name "outbox_position_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1);--> statement-breakpoint
CREATE INDEX "orders_placed_at_idx" ON "orders" USING btree (coalesce("occurred_at", "created_at"));--> statement-breakpoint
CREATE INDEX "outbox_topic_created_idx" ON "outbox" USING btree ("topic","created_at") WHERE "outbox"."stream" is not null;--> statement-breakpoint
CREATE INDEX "outbox_event_log_idx" ON "outbox" USING btree ("txid","position") WHERE "outbox"."stream" is not null;