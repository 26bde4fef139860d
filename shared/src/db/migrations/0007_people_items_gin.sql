CREATE INDEX "people_certificates_idx" ON "people" USING gin ("certificates");--> statement-breakpoint
CREATE INDEX "people_skills_idx" ON "people" USING gin ("skills");