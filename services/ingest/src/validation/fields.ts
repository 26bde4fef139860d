import { normalizeText } from '@qihang/shared/normalize/text';
import { maskIdNumbersIn } from '@qihang/shared/privacy/id-number';
import type { z } from 'zod';
import type { FieldDef } from '../mapping/fields';
import type { RowError, SourceRow } from '../types';

/** Reads one row's fields and collects its errors and warnings, naming columns as the official sees them. */
export class RowReader {
  readonly errors: RowError[] = [];
  readonly warnings: (RowError & { review: boolean })[] = [];

  constructor(
    readonly row: SourceRow,
    private readonly defs: Record<string, FieldDef>,
  ) {}

  label(field: string): string {
    return this.row.headerOf[field] ?? this.defs[field]?.label ?? field;
  }

  has(field: string): boolean {
    return this.row.fields[field] !== undefined;
  }

  value(field: string): unknown {
    return this.row.fields[field];
  }

  /** The field as normalized text (simplified, cleaned), or null when blank or absent. */
  text(field: string): string | null {
    const v = this.row.fields[field];
    if (v == null) return null;
    const t = normalizeText(v instanceof Date ? v.toISOString().slice(0, 10) : String(v));
    return t === '' ? null : t;
  }

  required(field: string): string | null {
    const t = this.text(field);
    if (t === null) this.error(field, `${this.label(field)}不能为空`);
    return t;
  }

  /** Reasons quote the cell; an ID number typed into the wrong column is masked there too. */
  error(field: string, reason: string): void {
    this.errors.push({ field: this.label(field), reason: maskIdNumbersIn(reason) });
  }

  /** A note for the report; `review` when a person should check what the row was normalized to. */
  warn(field: string, reason: string, review = true): void {
    this.warnings.push({ field: this.label(field), reason: maskIdNumbersIn(reason), review });
  }

  /** Applies a final schema (ranges, consistency); its messages are the Chinese reasons. */
  check<T>(schema: z.ZodType<T>, value: unknown): T | null {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) this.error(String(issue.path[0] ?? ''), issue.message);
    return null;
  }
}
