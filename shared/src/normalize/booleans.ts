import { compactText } from './text';

const YES = new Set([
  '是',
  '有',
  'y',
  'yes',
  'true',
  '1',
  '√',
  '✓',
  '✔',
  '对',
  '提供',
  '包',
  '愿意',
  '同意',
  '能',
  '可以',
  '需要',
  '接受',
]);
const NO = new Set([
  '否',
  '无',
  'n',
  'no',
  'false',
  '0',
  '×',
  '✗',
  '✘',
  'x',
  '不',
  '不提供',
  '不包',
  '不愿意',
  '不同意',
  '不能',
  '不可以',
  '不需要',
  '不接受',
  '没有',
]);

/** 是/否, Y/N, √/×, 提供/不提供, 愿意/不愿意 … → boolean; null when the cell says neither. */
export function parseBoolean(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : null;
  const text = compactText(String(value ?? '')).toLowerCase();
  if (YES.has(text)) return true;
  if (NO.has(text)) return false;
  return null;
}

export interface Lodging {
  accommodation: boolean | null;
  meals: boolean | null;
}

/**
 * A 食宿 cell → accommodation and meals: "包吃住", "提供食宿", "包住不包吃", "管吃", "有宿舍", "否".
 * A plain yes/no answers both.
 */
export function parseLodging(value: unknown): Lodging {
  const plain = parseBoolean(value);
  if (plain !== null) return { accommodation: plain, meals: plain };
  const text = compactText(String(value ?? ''));
  if (/包吃住|包食宿|提供食宿|食宿全包|管吃住|免费食宿/.test(text))
    return { accommodation: true, meals: true };
  if (/不包吃住|不提供食宿|食宿自理/.test(text)) return { accommodation: false, meals: false };
  const accommodation = /(不包|不提供|不管|无|没有)(住|宿舍|住宿)|住宿(费)?自理/.test(text)
    ? false
    : /(包|提供|管|免费|有|可|能|安排)(住|宿舍|住宿)|宿舍|住宿/.test(text)
      ? true
      : null;
  const meals = /(不包|不提供|不管|无|没有)(吃|餐|饭|伙食)|餐费自理|伙食自理/.test(text)
    ? false
    : /(包|提供|管|免费|有|安排)[早中午晚三两一]?(吃|餐|饭|伙食|工作餐)|餐补|食堂/.test(text)
      ? true
      : null;
  return { accommodation, meals };
}
