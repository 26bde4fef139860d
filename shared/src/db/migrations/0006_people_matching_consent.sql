ALTER TABLE "people" ADD COLUMN "employer_matching_consent" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE FUNCTION "people_sync_matching_consent"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Lock the people first, then recompute in a new statement (a new snapshot under READ COMMITTED): two
  -- consent records of one person committed concurrently cannot leave the column at the older answer.
  PERFORM 1 FROM people WHERE id IN (SELECT person_id FROM changed_rows) ORDER BY id FOR UPDATE;
  UPDATE people p SET employer_matching_consent = coalesce((
      SELECT c.granted FROM person_consents c
      WHERE c.person_id = p.id AND c.purpose = 'employer_matching'
      ORDER BY c.recorded_at DESC, c.granted ASC LIMIT 1), false)
  WHERE p.id IN (SELECT person_id FROM changed_rows);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "person_consents_sync_insert" AFTER INSERT ON "person_consents"
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION people_sync_matching_consent();--> statement-breakpoint
CREATE TRIGGER "person_consents_sync_update" AFTER UPDATE ON "person_consents"
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION people_sync_matching_consent();--> statement-breakpoint
CREATE TRIGGER "person_consents_sync_delete" AFTER DELETE ON "person_consents"
  REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION people_sync_matching_consent();--> statement-breakpoint
UPDATE people p SET employer_matching_consent = coalesce((
    SELECT c.granted FROM person_consents c
    WHERE c.person_id = p.id AND c.purpose = 'employer_matching'
    ORDER BY c.recorded_at DESC, c.granted ASC LIMIT 1), false);
