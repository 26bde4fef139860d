CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_user_id" uuid,
	"actor_role" text,
	"action" text NOT NULL,
	"route" text,
	"subject_type" text NOT NULL,
	"subject_id" text,
	"purpose" text,
	"request_id" text
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"label" text DEFAULT '' NOT NULL,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "api_keys_prefix_unique" UNIQUE("prefix")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"region_code" varchar(6),
	"facility_id" uuid,
	"employer_id" uuid,
	"portal_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "embeddings" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"owner_type" text NOT NULL,
	"owner_id" text NOT NULL,
	"model" text NOT NULL,
	"dims" integer NOT NULL,
	"content_hash" text NOT NULL,
	"embedding" vector(512) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "employers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"credit_code" varchar(18),
	"region_code" varchar(6) NOT NULL,
	"industry" text DEFAULT '' NOT NULL,
	"fair_chance" boolean DEFAULT false NOT NULL,
	"subsidy_eligible" boolean DEFAULT false NOT NULL,
	"contact_name" text,
	"contact_phone" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "facilities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"region_code" varchar(6) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "facilities_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "fair_employers" (
	"fair_id" uuid NOT NULL,
	"employer_id" uuid NOT NULL,
	"booth" text,
	CONSTRAINT "fair_employers_fair_id_employer_id_pk" PRIMARY KEY("fair_id","employer_id")
);
--> statement-breakpoint
CREATE TABLE "fair_participants" (
	"fair_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"invited_at" timestamp with time zone DEFAULT now() NOT NULL,
	"invited_by" text DEFAULT 'manual' NOT NULL,
	CONSTRAINT "fair_participants_fair_id_person_id_pk" PRIMARY KEY("fair_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "fair_posts" (
	"fair_id" uuid NOT NULL,
	"post_id" uuid NOT NULL,
	CONSTRAINT "fair_posts_fair_id_post_id_pk" PRIMARY KEY("fair_id","post_id")
);
--> statement-breakpoint
CREATE TABLE "fair_shortlists" (
	"fair_id" uuid NOT NULL,
	"post_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"score" double precision NOT NULL,
	"rank" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fair_shortlists_fair_id_post_id_person_id_pk" PRIMARY KEY("fair_id","post_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "job_fairs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"held_on" date NOT NULL,
	"venue" text NOT NULL,
	"region_code" varchar(6),
	"organizer_id" uuid NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ingest_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"source" text NOT NULL,
	"filename" text,
	"file_hash" text,
	"status" text DEFAULT 'running' NOT NULL,
	"accepted" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"unmapped_columns" text[],
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "rejected_rows" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"batch_id" uuid NOT NULL,
	"row_number" integer NOT NULL,
	"raw" jsonb NOT NULL,
	"errors" jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "system_state" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "occupations" (
	"code" varchar(16) PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"major_code" varchar(4) NOT NULL,
	"major_name" text NOT NULL,
	"middle_code" varchar(8) NOT NULL,
	"middle_name" text NOT NULL,
	"minor_code" varchar(12) NOT NULL,
	"minor_name" text NOT NULL,
	"definition" text DEFAULT '' NOT NULL,
	"tasks" text DEFAULT '' NOT NULL,
	"work_types" text[] DEFAULT '{}'::text[] NOT NULL,
	"synonyms" text[] DEFAULT '{}'::text[] NOT NULL,
	"green" boolean DEFAULT false NOT NULL,
	"digital" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"job_name" text NOT NULL,
	"job_id" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"relayed_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "intents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"post_id" uuid NOT NULL,
	"fair_id" uuid,
	"signed_on" date NOT NULL,
	"status" text DEFAULT 'signed' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "placements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"post_id" uuid,
	"employer_id" uuid,
	"type" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"region_code" varchar(6) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "retention_checks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"placement_id" uuid NOT NULL,
	"months" integer NOT NULL,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"still_employed" boolean NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "people" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source" text NOT NULL,
	"external_id" text NOT NULL,
	"id_number_hash" text,
	"name" text,
	"phone" text,
	"gender" text,
	"birth_year" integer,
	"education" text,
	"status_category" text,
	"origin_region_code" varchar(6) NOT NULL,
	"current_region_code" varchar(6),
	"facility_id" uuid,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"certificates" text[] DEFAULT '{}'::text[] NOT NULL,
	"work_history" text DEFAULT '' NOT NULL,
	"desired_occupations" text[] DEFAULT '{}'::text[] NOT NULL,
	"acceptable_region_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"willing_to_relocate" boolean DEFAULT false NOT NULL,
	"willing_to_train" boolean DEFAULT false NOT NULL,
	"must_stay_local_reason" text,
	"expected_pay_min" integer,
	"available_from" date,
	"status" text DEFAULT 'active' NOT NULL,
	"erased_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "person_consents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"granted" boolean NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_by" uuid,
	"evidence" text
);
--> statement-breakpoint
CREATE TABLE "deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subscription_id" uuid NOT NULL,
	"post_id" uuid NOT NULL,
	"post_version" integer NOT NULL,
	"kind" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"next_attempt_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "portal_subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"portal_id" uuid NOT NULL,
	"target_url" text,
	"region_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"occupation_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"format" text DEFAULT 'json' NOT NULL,
	"signing_secret_enc" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "portals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"region_code" varchar(6) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "portals_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "post_sources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"post_id" uuid NOT NULL,
	"source" text NOT NULL,
	"external_id" text NOT NULL,
	"raw" jsonb,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "posts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"employer_id" uuid NOT NULL,
	"occupation_code" varchar(16),
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"required_skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"required_certificates" text[] DEFAULT '{}'::text[] NOT NULL,
	"age_min" integer,
	"age_max" integer,
	"age_max_male" integer,
	"age_max_female" integer,
	"min_education" text,
	"headcount" integer NOT NULL,
	"filled_count" integer DEFAULT 0 NOT NULL,
	"pay_min" integer,
	"pay_max" integer,
	"pay_text" text,
	"accommodation" boolean DEFAULT false NOT NULL,
	"meals" boolean DEFAULT false NOT NULL,
	"region_code" varchar(6) NOT NULL,
	"post_type" text DEFAULT 'regular' NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"valid_from" date,
	"valid_to" date,
	"content_hash" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "posts_headcount_positive" CHECK ("posts"."headcount" > 0),
	CONSTRAINT "posts_filled_range" CHECK ("posts"."filled_count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "regions" (
	"code" varchar(6) PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"full_name" text NOT NULL,
	"level" smallint NOT NULL,
	"parent_code" varchar(6),
	"province_code" varchar(6) NOT NULL,
	"city_code" varchar(6)
);
--> statement-breakpoint
CREATE TABLE "training_courses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"occupation_code" varchar(16),
	"skills_taught" text[] DEFAULT '{}'::text[] NOT NULL,
	"certificates_taught" text[] DEFAULT '{}'::text[] NOT NULL,
	"provider" text NOT NULL,
	"region_code" varchar(6),
	"duration_days" integer NOT NULL,
	"cost_yuan" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vocabulary" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"label" text NOT NULL,
	"synonyms" text[] DEFAULT '{}'::text[] NOT NULL,
	"occupation_codes" text[] DEFAULT '{}'::text[] NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_employer_id_employers_id_fk" FOREIGN KEY ("employer_id") REFERENCES "public"."employers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_portal_id_portals_id_fk" FOREIGN KEY ("portal_id") REFERENCES "public"."portals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employers" ADD CONSTRAINT "employers_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "facilities" ADD CONSTRAINT "facilities_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fair_employers" ADD CONSTRAINT "fair_employers_fair_id_job_fairs_id_fk" FOREIGN KEY ("fair_id") REFERENCES "public"."job_fairs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fair_employers" ADD CONSTRAINT "fair_employers_employer_id_employers_id_fk" FOREIGN KEY ("employer_id") REFERENCES "public"."employers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fair_participants" ADD CONSTRAINT "fair_participants_fair_id_job_fairs_id_fk" FOREIGN KEY ("fair_id") REFERENCES "public"."job_fairs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fair_participants" ADD CONSTRAINT "fair_participants_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fair_posts" ADD CONSTRAINT "fair_posts_fair_id_job_fairs_id_fk" FOREIGN KEY ("fair_id") REFERENCES "public"."job_fairs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fair_posts" ADD CONSTRAINT "fair_posts_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fair_shortlists" ADD CONSTRAINT "fair_shortlists_fair_id_job_fairs_id_fk" FOREIGN KEY ("fair_id") REFERENCES "public"."job_fairs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fair_shortlists" ADD CONSTRAINT "fair_shortlists_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fair_shortlists" ADD CONSTRAINT "fair_shortlists_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_fairs" ADD CONSTRAINT "job_fairs_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rejected_rows" ADD CONSTRAINT "rejected_rows_batch_id_ingest_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."ingest_batches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intents" ADD CONSTRAINT "intents_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intents" ADD CONSTRAINT "intents_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intents" ADD CONSTRAINT "intents_fair_id_job_fairs_id_fk" FOREIGN KEY ("fair_id") REFERENCES "public"."job_fairs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "placements" ADD CONSTRAINT "placements_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "placements" ADD CONSTRAINT "placements_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "placements" ADD CONSTRAINT "placements_employer_id_employers_id_fk" FOREIGN KEY ("employer_id") REFERENCES "public"."employers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "placements" ADD CONSTRAINT "placements_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retention_checks" ADD CONSTRAINT "retention_checks_placement_id_placements_id_fk" FOREIGN KEY ("placement_id") REFERENCES "public"."placements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_origin_region_code_regions_code_fk" FOREIGN KEY ("origin_region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_current_region_code_regions_code_fk" FOREIGN KEY ("current_region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_consents" ADD CONSTRAINT "person_consents_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_subscription_id_portal_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."portal_subscriptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_subscriptions" ADD CONSTRAINT "portal_subscriptions_portal_id_portals_id_fk" FOREIGN KEY ("portal_id") REFERENCES "public"."portals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portals" ADD CONSTRAINT "portals_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_sources" ADD CONSTRAINT "post_sources_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "posts" ADD CONSTRAINT "posts_employer_id_employers_id_fk" FOREIGN KEY ("employer_id") REFERENCES "public"."employers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "posts" ADD CONSTRAINT "posts_occupation_code_occupations_code_fk" FOREIGN KEY ("occupation_code") REFERENCES "public"."occupations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "posts" ADD CONSTRAINT "posts_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_courses" ADD CONSTRAINT "training_courses_occupation_code_occupations_code_fk" FOREIGN KEY ("occupation_code") REFERENCES "public"."occupations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_courses" ADD CONSTRAINT "training_courses_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_subject_idx" ON "audit_log" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "api_keys_user_idx" ON "api_keys" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "embeddings_owner_model_uq" ON "embeddings" USING btree ("owner_type","owner_id","model");--> statement-breakpoint
CREATE INDEX "embeddings_content_idx" ON "embeddings" USING btree ("model","content_hash");--> statement-breakpoint
CREATE INDEX "embeddings_post_hnsw_idx" ON "embeddings" USING hnsw ("embedding" vector_cosine_ops) WHERE "embeddings"."owner_type" = 'post';--> statement-breakpoint
CREATE INDEX "embeddings_person_hnsw_idx" ON "embeddings" USING hnsw ("embedding" vector_cosine_ops) WHERE "embeddings"."owner_type" = 'person';--> statement-breakpoint
CREATE UNIQUE INDEX "employers_credit_code_uq" ON "employers" USING btree ("credit_code");--> statement-breakpoint
CREATE INDEX "employers_name_idx" ON "employers" USING btree ("name","region_code");--> statement-breakpoint
CREATE INDEX "ingest_batches_created_idx" ON "ingest_batches" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "rejected_rows_batch_idx" ON "rejected_rows" USING btree ("batch_id","row_number");--> statement-breakpoint
CREATE INDEX "occupations_minor_idx" ON "occupations" USING btree ("minor_code");--> statement-breakpoint
CREATE INDEX "occupations_name_idx" ON "occupations" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_job_id_uq" ON "outbox" USING btree ("job_id");--> statement-breakpoint
CREATE INDEX "outbox_pending_idx" ON "outbox" USING btree ("relayed_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "intents_person_post_uq" ON "intents" USING btree ("person_id","post_id");--> statement-breakpoint
CREATE INDEX "intents_signed_idx" ON "intents" USING btree ("signed_on");--> statement-breakpoint
CREATE INDEX "placements_start_idx" ON "placements" USING btree ("start_date");--> statement-breakpoint
CREATE INDEX "placements_person_idx" ON "placements" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "retention_checks_placement_months_uq" ON "retention_checks" USING btree ("placement_id","months");--> statement-breakpoint
CREATE UNIQUE INDEX "people_source_external_uq" ON "people" USING btree ("source","external_id");--> statement-breakpoint
CREATE UNIQUE INDEX "people_id_hash_uq" ON "people" USING btree ("id_number_hash");--> statement-breakpoint
CREATE INDEX "people_origin_idx" ON "people" USING btree ("origin_region_code");--> statement-breakpoint
CREATE INDEX "people_facility_idx" ON "people" USING btree ("facility_id");--> statement-breakpoint
CREATE INDEX "people_created_idx" ON "people" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "person_consents_person_idx" ON "person_consents" USING btree ("person_id","purpose","recorded_at");--> statement-breakpoint
CREATE UNIQUE INDEX "deliveries_idempotency_uq" ON "deliveries" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "deliveries_subscription_status_idx" ON "deliveries" USING btree ("subscription_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "post_sources_source_external_uq" ON "post_sources" USING btree ("source","external_id");--> statement-breakpoint
CREATE INDEX "post_sources_post_idx" ON "post_sources" USING btree ("post_id");--> statement-breakpoint
CREATE INDEX "posts_region_idx" ON "posts" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "posts_employer_idx" ON "posts" USING btree ("employer_id");--> statement-breakpoint
CREATE INDEX "posts_occupation_idx" ON "posts" USING btree ("occupation_code");--> statement-breakpoint
CREATE INDEX "posts_open_idx" ON "posts" USING btree ("status","region_code");--> statement-breakpoint
CREATE INDEX "regions_parent_idx" ON "regions" USING btree ("parent_code");--> statement-breakpoint
CREATE INDEX "regions_name_idx" ON "regions" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "vocabulary_kind_label_uq" ON "vocabulary" USING btree ("kind","label");