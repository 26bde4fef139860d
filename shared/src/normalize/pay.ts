import { compactText } from './text';

export type PayResult =
  | {
      ok: true;
      min: number | null;
      max: number | null;
      negotiable: boolean;
      basis: PayBasis;
      /** 计件 / 提成: pay that depends on output; min is then the floor (保底) when one is written. */
      kind?: 'piece' | 'commission';
    }
  | { ok: false; reason: string };
export type PayBasis = 'month' | 'day' | 'hour' | 'year' | 'piece';

/** Conversions to a monthly figure, for day labourers (26 working days) and hourly work (8 hours a day). */
export const WORK_DAYS_PER_MONTH = 26;
export const HOURS_PER_DAY = 8;

const NUMBER = String.raw`(\d+(?:\.\d+)?)\s*(万|千|k|w|百)?`;
const RANGE = new RegExp(`${NUMBER}\\s*(?:元)?\\s*(?:-|~|～|—|–|至|到)\\s*${NUMBER}`);
const SINGLE = new RegExp(NUMBER);
const unitFactor = (unit: string | undefined): number =>
  unit === '万' || unit === 'w' ? 10_000 : unit === '千' || unit === 'k' ? 1000 : unit === '百' ? 100 : 1;

function basisOf(text: string): PayBasis {
  if (/日结|日薪|元\/天|\/天|每天|一天|\/日|元\/日|天\d/.test(text)) return 'day';
  if (/时薪|小时|\/时|\/h/.test(text)) return 'hour';
  if (/年薪|\/年|每年|年收入/.test(text)) return 'year';
  return 'month';
}

const toMonthly = (value: number, basis: PayBasis): number => {
  const monthly =
    basis === 'day'
      ? value * WORK_DAYS_PER_MONTH
      : basis === 'hour'
        ? value * HOURS_PER_DAY * WORK_DAYS_PER_MONTH
        : basis === 'year'
          ? value / 12
          : value;
  return Math.round(monthly);
};

/**
 * Pay as written → a monthly range in yuan: "3500-5000元/月", "4-6千", "4k-6k", "1.2万", "面议" (no range),
 * "日结150元" (×26), "5000以上" (min only), "保底4000+提成" (min only). A number alone is both min and max.
 */
export function parsePay(raw: string): PayResult {
  const text = compactText(raw).toLowerCase();
  if (text === '') return { ok: false, reason: '薪资为空' };
  if (/面议|面谈|协商|待遇优厚$/.test(text) && !/\d/.test(text))
    return { ok: true, min: null, max: null, negotiable: true, basis: 'month' };
  const kind = /计件|按件/.test(text) ? 'piece' : /提成|佣金|绩效工资/.test(text) ? 'commission' : undefined;
  // 计件 / 提成 without a figure (or only a piece rate): the kind is known, the monthly amount is not.
  if (kind && (!/\d/.test(text) || (kind === 'piece' && !/保底|底薪|月/.test(text))))
    return {
      ok: true,
      min: null,
      max: null,
      negotiable: false,
      basis: kind === 'piece' ? 'piece' : 'month',
      kind,
    };
  const basis = basisOf(text);
  const range = RANGE.exec(text);
  let min: number;
  let max: number | null;
  if (range) {
    // 4-6千: the unit written once applies to both ends.
    const unitHigh = range[4];
    const unitLow = range[2] ?? unitHigh;
    min = Number(range[1]) * unitFactor(unitLow);
    max = Number(range[3]) * unitFactor(unitHigh);
  } else {
    const single = SINGLE.exec(text);
    if (!single) return { ok: false, reason: `无法识别的薪资“${raw}”` };
    min = Number(single[1]) * unitFactor(single[2]);
    max = kind || /以上|起|\+|保底|底薪|不低于|最低/.test(text) ? null : min;
  }
  const monthlyMin = toMonthly(min, basis);
  const monthlyMax = max === null ? null : toMonthly(max, basis);
  if (monthlyMax !== null && monthlyMax < monthlyMin)
    return { ok: false, reason: `薪资下限高于上限“${raw}”` };
  if (monthlyMin < 500 || monthlyMin > 200_000)
    return { ok: false, reason: `薪资“${raw}”折合月薪${monthlyMin}元，超出合理范围` };
  const result = { ok: true as const, min: monthlyMin, max: monthlyMax, negotiable: false, basis };
  return kind ? { ...result, kind } : result;
}
