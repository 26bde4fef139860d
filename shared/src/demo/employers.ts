import type { employers } from '../db/schema';
import { addDays, chinaTime } from './calendar';
import { fakeCreditCode } from './ids';
import { brandName, contactName, landline, mobilePhone, villageName } from './names';
import { type County, type Destination, destinations, localPayFactor, originPools } from './places';
import { Random, type WeightedTable, weightedTable } from './random';
import { destinationSectors, localSectors, localSectorsWithSilk, type SectorKey, sectorOf } from './sectors';

export type EmployerRow = typeof employers.$inferInsert;

/** An employer with what its posts need to know: its sector and the places and pay level of its work. */
export interface DemoEmployer {
  row: EmployerRow;
  sector: SectorKey;
  /** Districts its posts may be in (its own first). */
  districts: WeightedTable<string>;
  payFactor: number;
  local: boolean;
}

interface Placement {
  local: boolean;
  regionCode: string;
  districts: WeightedTable<string>;
  payFactor: number;
  phoneArea: string;
  /** 济南 / 山东 for destination companies, the county for local ones. */
  prefix: string;
  county?: County;
  town?: string;
}

interface Anchor {
  sector: SectorKey;
  fairChance: boolean;
  place: (rng: Random) => Placement;
}

const countyByCode = new Map(
  originPools.items.flatMap((p) => p.counties.items.map((c) => [c.code, c] as const)),
);
const destinationByKey = new Map(destinations.items.map((d) => [d.key, d]));

function localPlacement(rng: Random, county: County): Placement {
  return {
    local: true,
    regionCode: county.code,
    districts: weightedTable([[county.code, 1]]),
    payFactor: localPayFactor,
    phoneArea: county.phoneArea,
    prefix: county.name,
    county,
    town: rng.pick(county.towns),
  };
}

function destinationPlacement(rng: Random, destination: Destination, regionCode?: string): Placement {
  const province = {
    '37': '山东',
    '43': '湖南',
    '44': '广东',
    '45': '广西',
    '62': '甘肃',
    '50': '重庆',
    '34': '安徽',
  };
  const city = destination.shortName.replace(/市$/, '');
  return {
    local: false,
    regionCode: regionCode ?? rng.weighted(destination.districts),
    districts: destination.districts,
    payFactor: destination.payFactor,
    phoneArea: destination.phoneArea,
    prefix: rng.chance(0.2)
      ? (province[destination.cityCode.slice(0, 2) as keyof typeof province] ?? city)
      : city,
  };
}

const countyOf = (code: string): County => {
  const county = countyByCode.get(code);
  if (!county) throw new Error(`demo: ${code} is not an origin county`);
  return county;
};
const destinationOf = (key: string): Destination => {
  const destination = destinationByKey.get(key);
  if (!destination) throw new Error(`demo: unknown destination ${key}`);
  return destination;
};

/** The first employers are the seed documents' own kinds, so even a tiny demo has them. */
const anchors: Anchor[] = [
  { sector: 'silk', fairChance: true, place: (rng) => localPlacement(rng, countyOf('450222')) },
  {
    sector: 'construction',
    fairChance: true,
    place: (rng) => destinationPlacement(rng, destinationOf('lanzhou'), '620105'),
  },
  { sector: 'workshop', fairChance: false, place: (rng) => localPlacement(rng, countyOf('433122')) },
  { sector: 'public', fairChance: true, place: (rng) => localPlacement(rng, countyOf('433122')) },
  {
    sector: 'logistics',
    fairChance: true,
    place: (rng) => destinationPlacement(rng, destinationOf('jinan')),
  },
];
export const anchorEmployerCount = anchors.length;

function randomPlacement(rng: Random): { placement: Placement; sector: SectorKey } {
  if (rng.chance(0.2)) {
    const county = rng.weighted(rng.weighted(originPools).counties);
    const placement = localPlacement(rng, county);
    return {
      placement,
      sector: rng.weighted(county.code === '450222' ? localSectorsWithSilk : localSectors),
    };
  }
  return {
    placement: destinationPlacement(rng, rng.weighted(destinations)),
    sector: rng.weighted(destinationSectors),
  };
}

function publicBodyName(rng: Random, county: string, town: string): string {
  return rng.pick([
    `${county}${town}人民政府`,
    `${county}${town}人民政府`,
    `${county}林业局`,
    `${county}城市管理局`,
    `${county}交通运输局`,
    `${county}人力资源和社会保障局`,
  ]);
}

function employerName(rng: Random, sector: SectorKey, place: Placement): string {
  const county = place.county?.name ?? place.prefix;
  const town = place.town ?? '';
  if (sector === 'public') return publicBodyName(rng, county, town);
  if (sector === 'workshop') {
    return rng.chance(0.6)
      ? `${county}${town}${villageName(rng)}扶贫车间`
      : `${place.prefix}${brandName(rng)}${rng.pick(['服饰', '手工艺品', '电子'])}有限公司${villageName(rng)}扶贫车间`;
  }
  return `${place.prefix}${brandName(rng)}${rng.pick(sectorOf(sector).suffixes)}`;
}

/**
 * `count` employers: 80% in the destination cities (济南 most), 20% near the origins (公益性岗位, 扶贫车间,
 * cooperatives); about one in five a 爱心企业.
 */
export function generateEmployers(
  seed: string | number,
  count: number,
  referenceDate: string,
): DemoEmployer[] {
  const rng = new Random(seed, 'employers');
  const creditCodes = new Set<string>();
  const names = new Set<string>();
  const out: DemoEmployer[] = [];
  for (let i = 0; i < count; i++) {
    const anchor = anchors[i];
    const { placement, sector } = anchor
      ? { placement: anchor.place(rng), sector: anchor.sector }
      : randomPlacement(rng);
    const spec = sectorOf(sector);
    let name = employerName(rng, sector, placement);
    for (let tries = 0; names.has(name) && tries < 5; tries++) name = employerName(rng, sector, placement);
    if (names.has(name)) name = `${name}（${placement.prefix}分公司）`;
    names.add(name);
    const creditKind = sector === 'agriculture' && !name.endsWith('合作社') ? '91' : spec.creditKind;
    const createdAt = chinaTime(addDays(referenceDate, -rng.int(150, 900)), rng.int(8 * 60, 18 * 60));
    out.push({
      sector,
      districts: placement.districts,
      payFactor: placement.payFactor,
      local: placement.local,
      row: {
        id: rng.uuid(),
        name,
        creditCode:
          anchor || rng.chance(0.97)
            ? fakeCreditCode(rng, creditKind, placement.regionCode, creditCodes)
            : null,
        regionCode: placement.regionCode,
        industry: spec.industry,
        fairChance: anchor ? anchor.fairChance : rng.chance(spec.fairChance),
        subsidyEligible: sector !== 'public' && rng.chance(0.6),
        contactName: contactName(rng),
        contactPhone: rng.chance(0.6) ? mobilePhone(rng) : landline(rng, placement.phoneArea),
        createdAt,
        updatedAt: createdAt,
      },
    });
  }
  return out;
}
