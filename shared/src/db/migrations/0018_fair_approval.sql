ALTER TABLE "job_fairs" ADD COLUMN "approved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "job_fairs" ADD COLUMN "approved_by" uuid;--> statement-breakpoint
ALTER TABLE "job_fairs" ADD COLUMN "partner_facility_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL;