DROP INDEX "posts_employer_idx";--> statement-breakpoint
CREATE INDEX "posts_employer_title_region_idx" ON "posts" USING btree ("employer_id","title","region_code");