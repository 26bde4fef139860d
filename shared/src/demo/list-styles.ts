import type { Education } from '../domain';
import { educationLabels } from '../domain';
import { builtinOccupations } from '../reference/occupations-builtin';
import { readRegions } from '../reference/regions';
import { builtinVocabulary } from '../reference/vocabulary-builtin';
import type { Random } from './random';

/**
 * How people at bureaus write values into the two lists: places with or without the province, dates four
 * ways, yes/no as 是/否, certificates by their everyday names. The demo lists use all of these on purpose,
 * so that importing them exercises the normalizers.
 */

export type ListCell = string | number | Date | null;

interface RegionInfo {
  name: string;
  fullName: string;
  level: number;
  cityCode: string | null;
  provinceCode: string;
}

let regionCache: Map<string, RegionInfo> | undefined;
function regionInfo(code: string): RegionInfo | undefined {
  regionCache ??= new Map(
    readRegions().map((r) => [
      r.code,
      {
        name: r.name,
        fullName: r.fullName,
        level: r.level,
        cityCode: r.cityCode ?? null,
        provinceCode: r.provinceCode,
      },
    ]),
  );
  return regionCache.get(code);
}

/** 湘西土家族苗族自治州 → 湘西州, as officials say it. */
const shortCityName = (name: string): string => (name.endsWith('自治州') ? `${name.slice(0, 2)}州` : name);

/** A region as someone would type it: 湘西州泸溪县, 泸溪县, 湖南省湘西土家族苗族自治州泸溪县, 济南市历下区. */
export function placeText(rng: Random, code: string): string {
  const region = regionInfo(code);
  if (!region) return code;
  if (region.level === 1)
    return rng.chance(0.7) ? region.name : region.name.replace(/(省|市|壮族自治区|自治区)$/, '');
  if (region.level === 2) return rng.chance(0.8) ? shortCityName(region.name) : region.fullName;
  const city = region.cityCode ? regionInfo(region.cityCode) : undefined;
  const province = regionInfo(region.provinceCode);
  const cityName = city && city.name !== province?.name ? shortCityName(city.name) : (province?.name ?? '');
  const r = rng.next();
  if (r < 0.5) return `${cityName}${region.name}`;
  if (r < 0.7) return region.name;
  if (r < 0.9) return region.fullName;
  return `${province?.name ?? ''}${region.name}`;
}

/** A date the four ways lists carry them; in XLSX sometimes a real date cell. */
export function dateCell(rng: Random, iso: string | null | undefined, allowDateCell: boolean): ListCell {
  if (!iso) return '';
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const r = rng.next();
  if (allowDateCell && r < 0.25) return new Date(Date.UTC(y, m - 1, d));
  if (r < 0.55) return `${y}/${m}/${d}`;
  if (r < 0.8) return iso;
  if (r < 0.9) return `${y}.${m}.${d}`;
  return `${y}年${m}月${d}日`;
}

/** 出生年月: 1985.03, 1985年3月, 198503, 1985-03. */
export function birthMonthText(rng: Random, idNumber: string): string {
  const y = idNumber.slice(6, 10);
  const m = idNumber.slice(10, 12);
  return rng.pick([`${y}.${m}`, `${y}年${Number(m)}月`, `${y}${m}`, `${y}-${m}`]);
}

export const yesNo = (value: boolean): string => (value ? '是' : '否');

const educationVariants: Record<Education, string[]> = {
  none: ['无', '文盲', '未上学'],
  primary: ['小学'],
  junior: ['初中'],
  senior: ['高中'],
  vocational: ['中专', '技校', '中专/技校', '职高'],
  college: ['大专', '专科'],
  bachelor: ['本科', '大学本科'],
  master: ['研究生', '硕士'],
};

export const educationText = (rng: Random, education: Education | null | undefined): string =>
  education ? (rng.chance(0.7) ? educationLabels[education] : rng.pick(educationVariants[education])) : '';

export function minEducationText(rng: Random, education: Education | null | undefined): string {
  if (!education) return rng.pick(['不限', '无', '', '学历不限']);
  const label = educationLabels[education];
  return rng.pick([`${label}及以上`, `${label}以上`, label]);
}

const synonymsOf = new Map<string, readonly string[]>([
  ...builtinVocabulary.map((v) => [v.label, v.synonyms] as const),
  ...builtinOccupations.map((o) => [o.code, o.synonyms ?? []] as const),
]);
const occupationName = new Map(builtinOccupations.map((o) => [o.code, o.name]));

/** A vocabulary label or, a third of the time, one of its everyday names (电焊证 for 焊工证). */
export const termText = (rng: Random, label: string): string => {
  const synonyms = synonymsOf.get(label) ?? [];
  return synonyms.length > 0 && rng.chance(0.35) ? rng.pick(synonyms) : label;
};

/** An occupation by its classification name or, often, the name people use (挖机司机). */
export function occupationText(rng: Random, code: string): string {
  const synonyms = synonymsOf.get(code) ?? [];
  return synonyms.length > 0 && rng.chance(0.5) ? rng.pick(synonyms) : (occupationName.get(code) ?? code);
}

export function joinText(rng: Random, items: readonly string[], empty: string): string {
  if (items.length === 0) return empty;
  return items.join(rng.pick(['、', '、', '，', '/', ' ']));
}

/** 年龄要求: 18-45周岁, 45岁以下, 男55女50岁以下, 不限. */
export function ageText(
  rng: Random,
  post: {
    ageMin?: number | null;
    ageMax?: number | null;
    ageMaxMale?: number | null;
    ageMaxFemale?: number | null;
  },
): string {
  const { ageMin, ageMax, ageMaxMale, ageMaxFemale } = post;
  if (ageMaxMale != null && ageMaxFemale != null) {
    return rng.pick([
      `男${ageMaxMale}女${ageMaxFemale}岁以下`,
      `男${ageMaxMale}周岁、女${ageMaxFemale}周岁以下`,
    ]);
  }
  if (ageMax == null) return ageMin == null ? rng.pick(['不限', '', '年龄不限']) : `${ageMin}周岁以上`;
  if (ageMin == null) return rng.pick([`${ageMax}岁以下`, `${ageMax}周岁以内`]);
  return rng.pick([
    `${ageMin}-${ageMax}周岁`,
    `${ageMin}-${ageMax}岁`,
    `${ageMax}岁以下`,
    `${ageMin}至${ageMax}周岁`,
  ]);
}
