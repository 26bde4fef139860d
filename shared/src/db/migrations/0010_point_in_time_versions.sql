CREATE TABLE "people_versions" (
	"person_id" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"origin_region_code" varchar(6) NOT NULL,
	"acceptable_region_codes" text[] NOT NULL,
	"willing_to_relocate" boolean NOT NULL,
	"willing_to_train" boolean NOT NULL,
	"desired_occupations" text[] NOT NULL,
	CONSTRAINT "people_versions_person_id_recorded_at_pk" PRIMARY KEY("person_id","recorded_at")
);
--> statement-breakpoint
CREATE TABLE "posts_versions" (
	"post_id" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"region_code" varchar(6) NOT NULL,
	"occupation_code" varchar(16),
	"status" text NOT NULL,
	"headcount" integer NOT NULL,
	"filled_count" integer NOT NULL,
	"valid_from" date,
	"valid_to" date,
	CONSTRAINT "posts_versions_post_id_recorded_at_pk" PRIMARY KEY("post_id","recorded_at")
);
--> statement-breakpoint
ALTER TABLE "people_versions" ADD CONSTRAINT "people_versions_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "posts_versions" ADD CONSTRAINT "posts_versions_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "people_versions_origin_idx" ON "people_versions" USING btree ("origin_region_code");--> statement-breakpoint
CREATE INDEX "posts_versions_region_idx" ON "posts_versions" USING btree ("region_code");--> statement-breakpoint
-- Versions are written by the database itself, so every writer (ingest, the API, the demo loader, psql) keeps
-- them: a row's first version holds from its created_at, each later change of a tracked field from the moment
-- the change was made (clock_timestamp(), taken after the row lock: two concurrent changes of one row are
-- versioned in the order they were applied — a transaction's now() is its start, which could invert them).
-- Statement-level triggers with transition tables: one INSERT … SELECT per statement, however many rows it
-- touched.
CREATE FUNCTION "people_versions_on_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO people_versions (person_id, recorded_at, origin_region_code, acceptable_region_codes,
      willing_to_relocate, willing_to_train, desired_occupations)
    SELECT n.id, n.created_at, n.origin_region_code, n.acceptable_region_codes, n.willing_to_relocate,
      n.willing_to_train, n.desired_occupations FROM new_rows n
  ON CONFLICT (person_id, recorded_at) DO UPDATE SET origin_region_code = excluded.origin_region_code,
    acceptable_region_codes = excluded.acceptable_region_codes, willing_to_relocate = excluded.willing_to_relocate,
    willing_to_train = excluded.willing_to_train, desired_occupations = excluded.desired_occupations;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION "people_versions_on_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO people_versions (person_id, recorded_at, origin_region_code, acceptable_region_codes,
      willing_to_relocate, willing_to_train, desired_occupations)
    SELECT n.id, greatest(clock_timestamp(), n.created_at), n.origin_region_code, n.acceptable_region_codes,
      n.willing_to_relocate, n.willing_to_train, n.desired_occupations
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (n.origin_region_code, n.acceptable_region_codes, n.willing_to_relocate, n.willing_to_train,
           n.desired_occupations, n.created_at)
      IS DISTINCT FROM (o.origin_region_code, o.acceptable_region_codes, o.willing_to_relocate,
           o.willing_to_train, o.desired_occupations, o.created_at)
  ON CONFLICT (person_id, recorded_at) DO UPDATE SET origin_region_code = excluded.origin_region_code,
    acceptable_region_codes = excluded.acceptable_region_codes, willing_to_relocate = excluded.willing_to_relocate,
    willing_to_train = excluded.willing_to_train, desired_occupations = excluded.desired_occupations;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "people_versions_insert" AFTER INSERT ON "people"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION people_versions_on_insert();--> statement-breakpoint
CREATE TRIGGER "people_versions_update" AFTER UPDATE ON "people"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION people_versions_on_update();--> statement-breakpoint
CREATE FUNCTION "posts_versions_on_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO posts_versions (post_id, recorded_at, region_code, occupation_code, status, headcount,
      filled_count, valid_from, valid_to)
    SELECT n.id, n.created_at, n.region_code, n.occupation_code, n.status, n.headcount, n.filled_count,
      n.valid_from, n.valid_to FROM new_rows n
  ON CONFLICT (post_id, recorded_at) DO UPDATE SET region_code = excluded.region_code,
    occupation_code = excluded.occupation_code, status = excluded.status, headcount = excluded.headcount,
    filled_count = excluded.filled_count, valid_from = excluded.valid_from, valid_to = excluded.valid_to;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION "posts_versions_on_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO posts_versions (post_id, recorded_at, region_code, occupation_code, status, headcount,
      filled_count, valid_from, valid_to)
    SELECT n.id, greatest(clock_timestamp(), n.created_at), n.region_code, n.occupation_code, n.status, n.headcount,
      n.filled_count, n.valid_from, n.valid_to
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (n.region_code, n.occupation_code, n.status, n.headcount, n.filled_count, n.valid_from, n.valid_to,
           n.created_at)
      IS DISTINCT FROM (o.region_code, o.occupation_code, o.status, o.headcount, o.filled_count, o.valid_from,
           o.valid_to, o.created_at)
  ON CONFLICT (post_id, recorded_at) DO UPDATE SET region_code = excluded.region_code,
    occupation_code = excluded.occupation_code, status = excluded.status, headcount = excluded.headcount,
    filled_count = excluded.filled_count, valid_from = excluded.valid_from, valid_to = excluded.valid_to;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "posts_versions_insert" AFTER INSERT ON "posts"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION posts_versions_on_insert();--> statement-breakpoint
CREATE TRIGGER "posts_versions_update" AFTER UPDATE ON "posts"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION posts_versions_on_update();--> statement-breakpoint
-- Rows already there: their current values, from their registration (the best that is known of the past).
INSERT INTO people_versions (person_id, recorded_at, origin_region_code, acceptable_region_codes,
    willing_to_relocate, willing_to_train, desired_occupations)
  SELECT id, created_at, origin_region_code, acceptable_region_codes, willing_to_relocate, willing_to_train,
    desired_occupations FROM people;--> statement-breakpoint
INSERT INTO posts_versions (post_id, recorded_at, region_code, occupation_code, status, headcount, filled_count,
    valid_from, valid_to)
  SELECT id, created_at, region_code, occupation_code, status, headcount, filled_count, valid_from, valid_to
  FROM posts;
