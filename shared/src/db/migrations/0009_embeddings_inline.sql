-- A 512-dimension vector (2,056 bytes) is just over PostgreSQL's TOAST threshold, so with pgvector's default
-- storage every vector lived out of line in the TOAST table and each exact distance cost a TOAST index
-- lookup and two chunk reads. PLAIN keeps it in the row (three rows a page). Applies to rows written from
-- now on; `VACUUM FULL embeddings` moves existing vectors in (matcher README, "Speed").
ALTER TABLE "embeddings" ALTER COLUMN "embedding" SET STORAGE PLAIN;
