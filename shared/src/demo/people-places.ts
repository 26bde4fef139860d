import type { StatusCategory } from '../domain';
import { yearOf } from './calendar';
import { communityStationName, townshipOfficeName } from './facilities';
import { type County, destinations, type OriginPool } from './places';
import type { OccupationProfile } from './profiles';
import type { Random } from './random';

export interface PersonFacility {
  name: string;
  regionCode: string;
  /** A 戒毒所 or prison: the person lives there until released. */
  custody: boolean;
}

/** Who registered the person: the 戒毒所 or prison until release, then the town's station or office. */
export function facilityFor(
  rng: Random,
  pool: OriginPool,
  county: County,
  town: string,
  category: StatusCategory,
  beforeRelease: boolean,
): PersonFacility | null {
  const station = { name: communityStationName(county, town), regionCode: county.code, custody: false };
  const office = { name: townshipOfficeName(county, town), regionCode: county.code, custody: false };
  switch (category) {
    case 'compulsory_rehab':
      // After 强制隔离戒毒 comes 社区康复 at home.
      return beforeRelease ? { ...pool.rehabCentre, custody: true } : station;
    case 'released_prisoner':
      if (beforeRelease) return { ...pool.prison, custody: true };
      return rng.chance(0.7) ? office : null;
    case 'community_rehab':
      return station;
    default:
      return rng.chance(0.9) ? office : null;
  }
}

const destinationByCity = new Map(destinations.items.map((d) => [d.cityCode, d]));

/** Where the person is now: in custody, at home, or (one in five) already working in a destination city. */
export function currentPlace(
  rng: Random,
  pool: OriginPool,
  county: County,
  facility: PersonFacility | null,
): string {
  if (facility?.custody) return facility.regionCode;
  if (rng.chance(0.8)) return county.code;
  const destination = destinationByCity.get(rng.weighted(pool.destinations));
  return destination ? rng.weighted(destination.districts) : county.code;
}

/**
 * 工作经历 as a person tells it: one or two spells of work. It never mentions custody or rehabilitation,
 * because employers read it.
 */
export function describeWorkHistory(
  rng: Random,
  birthYear: number,
  referenceDate: string,
  primary: OccupationProfile,
  category: StatusCategory,
  pool: OriginPool,
): string {
  const thisYear = yearOf(referenceDate);
  const earliest = Math.max(birthYear + 17, thisYear - 15);
  if (earliest >= thisYear - 1 || rng.chance(0.15)) return '';
  const spells: string[] = [];
  let start = rng.int(earliest, thisYear - 2);
  for (let i = rng.int(1, 2); i > 0 && start < thisYear; i--) {
    const end = Math.min(thisYear - 1, start + rng.int(1, 4));
    const city = destinationByCity.get(rng.weighted(pool.destinations))?.shortName ?? '外地';
    const work =
      category === 'rural_poor' && rng.chance(0.3)
        ? '在家务农'
        : `在${rng.chance(primary.local ? 0.7 : 0.2) ? '本地' : city}${rng.pick(['做', '从事', '当'])}${rng.pick(primary.titles)}`;
    spells.push(`${start === end ? start : `${start}-${end}`}年${work}`);
    start = end + 1;
  }
  return spells.join('；');
}
