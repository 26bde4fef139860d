-- pgvector must exist before any table uses the vector type. On PostgreSQL the extension has to be
-- installed on the server (infra/ensure-services.sh builds it when missing); PGlite loads it in-process.
CREATE EXTENSION IF NOT EXISTS vector;
