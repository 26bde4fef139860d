import type { Config } from '@qihang/shared/config/index';
import type { Database } from '@qihang/shared/db/client';
import type { PageCache } from '../matching/cache';
import type { IngestPort, MatcherPort } from '../ports';
import type { AuditSink } from '../privacy/audit';
import type { EncodedBody } from '../util/encoding';

/** What route plugins receive: the app's dependencies, nothing global. */
export interface RouteContext {
  config: Config;
  database: Database;
  ingest?: IngestPort;
  matcher?: MatcherPort;
  /** Recommendation pages per person; people routes drop a person's pages when the person changes. */
  recommendations: PageCache<EncodedBody>;
  /** Where the audit rows of reads go, and whether a read waits for them (see privacy/audit.ts). */
  audit: AuditSink;
}
