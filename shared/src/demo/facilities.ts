import type { facilities } from '../db/schema';
import type { County, OriginPool } from './places';
import { originPools } from './places';
import { nameUuid } from './random';

export type FacilityRow = typeof facilities.$inferInsert;

export const communityStationName = (county: County, town: string): string =>
  `${county.name}${town}社区戒毒社区康复工作站`;
export const townshipOfficeName = (county: County, town: string): string => `${county.name}${town}就业服务站`;

/**
 * Where the demo's people are registered: each origin's 强制隔离戒毒所 and prison, and a 社区戒毒社区康复工作站
 * and a 就业服务站 in every town. The list is the same for every seed, and so are the ids (derived from the
 * name), so loading a second seed reuses them.
 */
export function demoFacilities(createdAt: Date): FacilityRow[] {
  const rows: FacilityRow[] = [];
  const add = (name: string, kind: FacilityRow['kind'], regionCode: string) => {
    if (!rows.some((r) => r.name === name))
      rows.push({ id: nameUuid(`facility:${name}`), name, kind, regionCode, createdAt });
  };
  for (const pool of originPools.items as OriginPool[]) {
    add(pool.rehabCentre.name, 'compulsory_rehab_centre', pool.rehabCentre.regionCode);
    add(pool.prison.name, 'prison', pool.prison.regionCode);
    for (const county of pool.counties.items) {
      for (const town of county.towns) {
        add(communityStationName(county, town), 'community_rehab', county.code);
        add(townshipOfficeName(county, town), 'township', county.code);
      }
    }
  }
  return rows;
}

export const facilityId = (name: string): string => nameUuid(`facility:${name}`);
