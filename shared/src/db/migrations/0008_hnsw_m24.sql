DROP INDEX "embeddings_post_hnsw_idx";--> statement-breakpoint
DROP INDEX "embeddings_person_hnsw_idx";--> statement-breakpoint
CREATE INDEX "embeddings_post_hnsw_idx" ON "embeddings" USING hnsw ("embedding" vector_cosine_ops) WITH (m=24,ef_construction=128) WHERE "embeddings"."owner_type" = 'post';--> statement-breakpoint
CREATE INDEX "embeddings_person_hnsw_idx" ON "embeddings" USING hnsw ("embedding" vector_cosine_ops) WITH (m=24,ef_construction=128) WHERE "embeddings"."owner_type" = 'person';