ALTER TABLE "ingest_batches" ADD COLUMN "sheet" text;--> statement-breakpoint
ALTER TABLE "ingest_batches" ADD COLUMN "skipped_sheets" jsonb DEFAULT '[]'::jsonb NOT NULL;