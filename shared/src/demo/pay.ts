import type { OccupationProfile } from './profiles';
import { type Random, weightedTable } from './random';

export interface Pay {
  payMin: number | null;
  payMax: number | null;
  /** As the post wrote it: 3500-5000元/月, 4-6千, 面议, 日结150元… */
  payText: string;
}

type PayStyle = 'range' | 'thousands' | 'k' | 'negotiable' | 'daily' | 'atLeast' | 'commission' | 'total';

const roundTo = (value: number, step: number): number => Math.max(step, Math.round(value / step) * step);

const styles = (profile: OccupationProfile) =>
  weightedTable<PayStyle>([
    ['range', 55],
    ['thousands', 10],
    ['k', 5],
    ['negotiable', 8],
    ['daily', profile.daily ? 12 : 0],
    ['atLeast', 6],
    ['commission', profile.commission ? 20 : 0],
    ['total', 5],
  ]);
const styleTables = new Map<OccupationProfile, ReturnType<typeof styles>>();

/**
 * A post's pay, drawn from the occupation's range scaled to the place, and written in one of the ways
 * real posts write it. The numbers are what a careful reader would take from the text (日结 × 26 days).
 */
export function drawPay(rng: Random, profile: OccupationProfile, payFactor: number): Pay {
  const lo = profile.pay[0] * payFactor;
  const hi = profile.pay[1] * payFactor;
  let table = styleTables.get(profile);
  if (!table) {
    table = styles(profile);
    styleTables.set(profile, table);
  }
  const style = rng.weighted(table);
  const min = roundTo(lo + rng.next() * (hi - lo) * 0.5, 100);
  const max = Math.max(min + 500, roundTo(min + (hi - lo) * (0.4 + rng.next() * 0.6), 100));
  switch (style) {
    case 'negotiable':
      return { payMin: null, payMax: null, payText: rng.pick(['面议', '薪资面议', '待遇面议']) };
    case 'daily': {
      const day = roundTo(min / 26, 10);
      return {
        payMin: day * 26,
        payMax: day * 26,
        payText: rng.pick([`日结${day}元`, `${day}元/天`, `日薪${day}元`]),
      };
    }
    case 'atLeast':
      return { payMin: roundTo(min, 500), payMax: null, payText: `${roundTo(min, 500)}元以上` };
    case 'commission': {
      const base = roundTo(lo * 0.7, 500);
      return rng.chance(0.5)
        ? { payMin: base, payMax: null, payText: `底薪${base}+提成` }
        : { payMin: min, payMax: max, payText: `底薪${base}+提成，综合${min}-${max}元` };
    }
    case 'thousands': {
      const k1 = Math.max(1, Math.round(min / 1000));
      const k2 = Math.max(k1 + 1, Math.round(max / 1000));
      return { payMin: k1 * 1000, payMax: k2 * 1000, payText: `${k1}-${k2}千` };
    }
    case 'k': {
      const k1 = Math.max(1, Math.round(min / 1000));
      const k2 = Math.max(k1 + 1, Math.round(max / 1000));
      return { payMin: k1 * 1000, payMax: k2 * 1000, payText: `${k1}k-${k2}k` };
    }
    case 'total':
      return { payMin: min, payMax: max, payText: `综合工资${min}-${max}元` };
    default:
      return {
        payMin: min,
        payMax: max,
        payText: rng.pick([`${min}-${max}元/月`, `${min}-${max}元`, `${min}~${max}`]),
      };
  }
}
