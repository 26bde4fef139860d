ALTER TABLE "embeddings" ADD COLUMN "row_xid" "xid8" DEFAULT pg_current_xact_id() NOT NULL;--> statement-breakpoint
ALTER TABLE "employers" ADD COLUMN "row_xid" "xid8" DEFAULT pg_current_xact_id() NOT NULL;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "row_xid" "xid8" DEFAULT pg_current_xact_id() NOT NULL;--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "row_xid" "xid8" DEFAULT pg_current_xact_id() NOT NULL;--> statement-breakpoint
CREATE INDEX "embeddings_row_xid_idx" ON "embeddings" USING btree ("row_xid");--> statement-breakpoint
CREATE INDEX "employers_row_xid_idx" ON "employers" USING btree ("row_xid");--> statement-breakpoint
CREATE INDEX "people_row_xid_idx" ON "people" USING btree ("row_xid");--> statement-breakpoint
CREATE INDEX "posts_row_xid_idx" ON "posts" USING btree ("row_xid");--> statement-breakpoint
-- row_xid is the transaction that last wrote the row: the default covers inserts, this trigger updates, so
-- every writer (ingest, the API, the demo loader, psql) keeps it. Top-level transaction ids, the ones a
-- snapshot lists, so a reader can tell which writes it has already seen (retrieval/memory-index.ts).
CREATE FUNCTION "set_row_xid"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.row_xid := pg_current_xact_id();
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER "posts_row_xid" BEFORE UPDATE ON "posts" FOR EACH ROW EXECUTE FUNCTION "set_row_xid"();--> statement-breakpoint
CREATE TRIGGER "employers_row_xid" BEFORE UPDATE ON "employers" FOR EACH ROW EXECUTE FUNCTION "set_row_xid"();--> statement-breakpoint
CREATE TRIGGER "people_row_xid" BEFORE UPDATE ON "people" FOR EACH ROW EXECUTE FUNCTION "set_row_xid"();--> statement-breakpoint
CREATE TRIGGER "embeddings_row_xid" BEFORE UPDATE ON "embeddings" FOR EACH ROW EXECUTE FUNCTION "set_row_xid"();
