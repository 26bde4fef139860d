ALTER TABLE "deliveries" ADD COLUMN "payload" jsonb;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "seq" bigserial NOT NULL;--> statement-breakpoint
CREATE INDEX "deliveries_subscription_post_idx" ON "deliveries" USING btree ("subscription_id","post_id","seq");--> statement-breakpoint
CREATE INDEX "deliveries_subscription_seq_idx" ON "deliveries" USING btree ("subscription_id","seq");--> statement-breakpoint
CREATE INDEX "deliveries_due_idx" ON "deliveries" USING btree ("next_attempt_at") WHERE "deliveries"."status" in ('failed', 'delivering');