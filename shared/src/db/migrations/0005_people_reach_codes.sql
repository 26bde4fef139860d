ALTER TABLE "people" ADD COLUMN "reach_codes" text[] GENERATED ALWAYS AS (case when must_stay_local_reason is not null then array[origin_region_code::text]
          when cardinality(acceptable_region_codes) > 0 then acceptable_region_codes
          when willing_to_relocate then array['*']
          when origin_region_code like '%00' then array[origin_region_code::text]
          else array[left(origin_region_code, 4) || '00'] end) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "people_reach_idx" ON "people" USING gin ("reach_codes");