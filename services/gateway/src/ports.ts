import type { ListKind, Role } from '@qihang/shared/domain/index';

/**
 * The seams to the two services the gateway fronts. The gateway owns authentication, scopes, audit and
 * de-identification; ingest and the matcher own parsing, validation and ranking. Routes that need a port are
 * registered only when it is provided.
 */

/** Who is acting, as ingest needs it (to stamp batches and to keep a bureau's rows inside its region). */
export interface Actor {
  userId: string;
  role: Role;
  regionCode: string | null;
  facilityId: string | null;
}

export interface BatchReport {
  batchId: string;
  kind: ListKind;
  status: 'running' | 'done' | 'failed';
  filename: string | null;
  accepted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Accepted records that joined a person or post already known from another source. */
  merged: number;
  /** Accepted rows with something for a person to check (see warnings). */
  flagged: number;
  /** Columns of the file no field could be mapped to. */
  unmappedColumns: string[];
  /** For each field: the column read, and the candidate columns passed over. */
  columns: { field: string; label: string; column: string | null; passedOver: string[] }[];
  /** The workbook tab that was imported (XLSX), and its other tabs that hold rows (not imported). */
  sheet: string | null;
  skippedSheets: { sheet: string; rows: number | null; hidden: boolean }[];
  /** Row-level notes in Chinese (e.g. a low-confidence occupation), at most the first 1,000. */
  warnings: { rowNumber: number; field: string; reason: string; review: boolean }[];
  /** Why the batch failed as a whole (an unreadable file), in Chinese. */
  error: string | null;
}

export interface RejectedRowView {
  id: string;
  batchId: string;
  rowNumber: number;
  /** The row as uploaded (an ID number is already masked). */
  raw: Record<string, unknown>;
  /** Reasons in Chinese, by column. */
  errors: { field: string; reason: string }[];
  status: 'open' | 'resubmitted' | 'discarded';
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface IngestPort {
  /** Parses an XLSX or CSV list, writes good rows (and their `embed` jobs) and keeps bad ones. */
  ingestFile(input: {
    kind: ListKind;
    filename: string;
    content: Buffer;
    actor: Actor;
  }): Promise<BatchReport>;
  getBatchReport(batchId: string): Promise<BatchReport>;
  listRejectedRows(batchId: string, opts: { limit: number; cursor?: string }): Promise<Page<RejectedRowView>>;
  /** Replaces some of the row's values and re-validates it; the row stays until resubmitted. */
  correctRejectedRow(rowId: string, values: Record<string, unknown>, actor: Actor): Promise<RejectedRowView>;
  /** Runs the (corrected) row through ingest again. */
  resubmitRejectedRow(
    rowId: string,
    actor: Actor,
  ): Promise<{
    row: RejectedRowView;
    outcome: 'accepted' | 'updated' | 'unchanged' | 'rejected';
    recordId: string | null;
  }>;
}

/** One line of an explanation, e.g. { factor: 'certificate', ok: true, text: '持焊工证 ✓' }. */
export interface MatchReason {
  factor: string;
  ok: boolean;
  text: string;
}

export interface PostMatch {
  postId: string;
  score: number;
  reasons: MatchReason[];
}

export interface PersonMatch {
  personId: string;
  score: number;
  reasons: MatchReason[];
}

/** Posts a person would match but for what they lack, and the courses that teach it. */
export interface NearMiss {
  /** Vocabulary labels of what is missing, e.g. 叉车证. */
  missing: string[];
  /** How many open posts this would unlock, and some of them. */
  postCount: number;
  postIds: string[];
  courseIds: string[];
}

export interface MatcherPort {
  /** Open posts for a person, best first; already filtered by the hard rules. */
  postsForPerson(personId: string, opts: { limit: number; cursor?: string }): Promise<Page<PostMatch>>;
  /** Consenting candidates for a post, best first; already filtered by the hard rules (fair-chance included). */
  peopleForPost(postId: string, opts: { limit: number; cursor?: string }): Promise<Page<PersonMatch>>;
  nearMisses(personId: string, opts: { limit: number }): Promise<NearMiss[]>;
}
