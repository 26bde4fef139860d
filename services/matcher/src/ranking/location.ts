import { regionAncestors, regionContains, regionLevel } from '@qihang/shared/domain/regions';
import type { MatchPerson } from './types';

/**
 * Where a person can work, from the demand list's fields. One definition serves the hard rule, the SQL
 * pre-filters (both directions) and the location score:
 * - must stay local (age, disability, family care…): only the origin region as recorded (usually the county);
 * - acceptable regions listed: those regions and everything inside them (济南市 accepts 历下区);
 * - nothing listed but willing to relocate: anywhere;
 * - nothing listed, not willing to relocate: the origin's city (daily commuting distance).
 */
export type Reach =
  | { kind: 'local'; areas: [string] }
  | { kind: 'listed'; areas: string[] }
  | { kind: 'home'; areas: [string] }
  | { kind: 'anywhere' };

export const cityOf = (code: string): string => (regionLevel(code) === 3 ? `${code.slice(0, 4)}00` : code);

export function reachOf(
  person: Pick<
    MatchPerson,
    'mustStayLocalReason' | 'acceptableRegionCodes' | 'willingToRelocate' | 'originRegionCode'
  >,
): Reach {
  if (person.mustStayLocalReason) return { kind: 'local', areas: [person.originRegionCode] };
  if (person.acceptableRegionCodes.length > 0) return { kind: 'listed', areas: person.acceptableRegionCodes };
  if (person.willingToRelocate) return { kind: 'anywhere' };
  return { kind: 'home', areas: [cityOf(person.originRegionCode)] };
}

/** The first area of the reach that contains the post's region, or undefined when none does. */
export function areaContaining(reach: Reach, regionCode: string): string | undefined | 'anywhere' {
  if (reach.kind === 'anywhere') return 'anywhere';
  return reach.areas.find((a) => regionContains(a, regionCode));
}

/**
 * The code ranges equivalent to regionContains for each area (null: no restriction). Ranges rather than
 * LIKE patterns so that posts_open_idx (status, region_code) can find the posts of a region directly.
 */
export function regionRanges(reach: Reach): [string, string][] | null {
  if (reach.kind === 'anywhere') return null;
  return reach.areas.map((a) => {
    const level = regionLevel(a);
    if (level === 1) return [a, `${a.slice(0, 2)}9999`];
    if (level === 2) return [`${a.slice(0, 4)}00`, `${a.slice(0, 4)}99`];
    return [a, a];
  });
}

/** A person accepts a post region when one of their areas is that region or one of its ancestors. */
export const postRegionAncestors = (regionCode: string): string[] => regionAncestors(regionCode);

/** True when the post is outside the person's home city, i.e. taking it means moving. */
export const isAwayFromHome = (person: Pick<MatchPerson, 'originRegionCode'>, regionCode: string): boolean =>
  !regionContains(cityOf(person.originRegionCode), regionCode);
