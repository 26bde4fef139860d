CREATE TABLE "feeds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"source" text NOT NULL,
	"url" text NOT NULL,
	"paging" jsonb DEFAULT '{"mode":"none"}'::jsonb NOT NULL,
	"id_path" text DEFAULT 'id' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"interval_minutes" integer DEFAULT 60 NOT NULL,
	"etag" text,
	"last_modified" text,
	"cursor" text,
	"last_polled_at" timestamp with time zone,
	"last_batch_id" uuid,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feeds_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "person_sources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"source" text NOT NULL,
	"external_id" text NOT NULL,
	"content_hash" text NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ingest_batches" ADD COLUMN "merged" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "ingest_batches" ADD COLUMN "flagged" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "ingest_batches" ADD COLUMN "warnings" jsonb;--> statement-breakpoint
ALTER TABLE "ingest_batches" ADD COLUMN "error" text;--> statement-breakpoint
ALTER TABLE "rejected_rows" ADD COLUMN "row_hash" text;--> statement-breakpoint
ALTER TABLE "rejected_rows" ADD COLUMN "id_number_hash" text;--> statement-breakpoint
ALTER TABLE "post_sources" ADD COLUMN "content_hash" text;--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "occupation_confidence" real;--> statement-breakpoint
ALTER TABLE "feeds" ADD CONSTRAINT "feeds_last_batch_id_ingest_batches_id_fk" FOREIGN KEY ("last_batch_id") REFERENCES "public"."ingest_batches"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_sources" ADD CONSTRAINT "person_sources_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "person_sources_source_external_uq" ON "person_sources" USING btree ("source","external_id");--> statement-breakpoint
CREATE INDEX "person_sources_person_idx" ON "person_sources" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "rejected_rows_hash_idx" ON "rejected_rows" USING btree ("row_hash");