ALTER TABLE "people_versions" ALTER COLUMN "willing_to_train" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "people" ALTER COLUMN "willing_to_train" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "ingest_batches" ADD COLUMN "columns" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "origin_town_code" varchar(9);--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "current_town_code" varchar(9);--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "pay_kind" text;--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "town_code" varchar(9);