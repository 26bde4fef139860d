import type { ListKind } from '@qihang/shared/domain/index';
import { regionContains } from '@qihang/shared/domain/index';
import type { SourceRow } from '../types';
import type { PersonRecord, Validated } from './people';
import type { PostRecord } from './posts';

/**
 * How far an uploader reaches. A bureau's list holds people who come from or live in its region; a
 * facility's list holds its own people, whatever the file says; a bureau's posts lie in its region.
 * No scope: unrestricted (an admin, the CLI run by an operator).
 */
export interface UploadScope {
  /** A bureau's region (GB/T 2260; a province, city or county). */
  regionCode?: string | null;
  /** A facility's own id: every person it uploads is its person. */
  facilityId?: string | null;
  /**
   * Who uploads, for the audit log: a row refused because its person is on file elsewhere tells the uploader
   * that the person exists, so that is recorded like a read.
   */
  actor?: { userId: string; role: string };
}

/**
 * Holds a valid row to the uploader's scope: a row outside it is rejected with the column that puts it
 * outside; a facility's rows are made its own.
 */
export function applyScope(
  kind: ListKind,
  v: Validated<PersonRecord | PostRecord>,
  row: SourceRow,
  scope: UploadScope,
): Validated<PersonRecord | PostRecord> {
  if (!v.ok) return v;
  if (kind === 'people') {
    const p = v.record as PersonRecord;
    if (scope.facilityId) return { ...v, record: { ...p, facilityId: scope.facilityId } };
    const area = scope.regionCode;
    if (area) {
      const inArea = (code: string | null) => !!code && regionContains(area, code);
      if (!inArea(p.originRegionCode) && !inArea(p.currentRegionCode)) {
        return outside(
          v,
          row.headerOf.origin ?? '户籍地',
          '户籍地和现居地都不在本单位辖区内，不能由本单位登记',
        );
      }
    }
    return v;
  }
  // A bureau's posts lie in its region (as it reads them): otherwise its list could rewrite another region's
  // posts, merged by employer, title and place.
  const post = v.record as PostRecord;
  if (scope.regionCode && !regionContains(scope.regionCode, post.regionCode)) {
    return outside(v, row.headerOf.region ?? '工作地点', '工作地点不在本单位辖区内，不能由本单位登记');
  }
  return v;
}

function outside(
  v: Validated<PersonRecord | PostRecord> & { ok: true },
  field: string,
  reason: string,
): Validated<PersonRecord | PostRecord> {
  const idNumberHash = 'idNumberHash' in v.record ? v.record.idNumberHash : null;
  return { ok: false, errors: [{ field, reason }], warnings: v.warnings, idNumberHash };
}

/**
 * Whether a person already on file may be updated by this uploader: a bureau only its region's people, a
 * facility only its own. Anything else would let one uploader rewrite (and so take into its own scope)
 * a person another region or facility is responsible for, just by knowing the ID number.
 */
export function mayUpdatePerson(
  scope: UploadScope | undefined,
  existing: { originRegionCode: string; currentRegionCode: string | null; facilityId: string | null },
): boolean {
  if (!scope) return true;
  if (scope.facilityId) return existing.facilityId === scope.facilityId;
  const area = scope.regionCode;
  if (!area) return true;
  return (
    regionContains(area, existing.originRegionCode) ||
    (!!existing.currentRegionCode && regionContains(area, existing.currentRegionCode))
  );
}
