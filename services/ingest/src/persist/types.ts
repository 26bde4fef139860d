export interface ChunkCounts {
  accepted: number;
  updated: number;
  unchanged: number;
  merged: number;
}

/** A validated record on its way to the database, with the original values kept for audit. */
export interface Item<T> {
  rowNumber: number;
  record: T;
  raw: Record<string, unknown>;
  /** The record's content hash, when the caller computed it ahead (off the write path; see prepareChunk). */
  contentHash?: string;
}

/** A valid record the database refuses (it contradicts what is stored): rejected like an invalid row. */
export interface Conflict {
  rowNumber: number;
  field: string;
  reason: string;
}
