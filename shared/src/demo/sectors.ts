import type { PostType } from '../domain';
import { type WeightedTable, weightedTable } from './random';

/** The kinds of employer in the demo: what they are called, which posts they offer, how often they are 爱心企业. */
export type SectorKey =
  | 'construction'
  | 'machinery'
  | 'electronics'
  | 'garment'
  | 'silk'
  | 'food'
  | 'logistics'
  | 'platform'
  | 'transport'
  | 'housekeeping'
  | 'eldercare'
  | 'childcare'
  | 'property'
  | 'security'
  | 'catering'
  | 'retail'
  | 'auto'
  | 'beauty'
  | 'agriculture'
  | 'workshop'
  | 'public';

export interface Sector {
  key: SectorKey;
  /** 国民经济行业分类 门类, as 所属行业 is written. */
  industry: string;
  occupations: WeightedTable<string>;
  /** What follows the 字号 in a company name. */
  suffixes: readonly string[];
  /** First two characters of the 统一社会信用代码. */
  creditKind: '91' | '93' | '11';
  /** Share of employers that are 爱心企业 (accept people with a drug or prison history). */
  fairChance: number;
  /** The post type its posts get; agriculture also has seasonal work. */
  postType: PostType;
  seasonalShare: number;
}

type Row = [
  SectorKey,
  string,
  [string, number][],
  string[],
  Sector['creditKind'],
  number,
  PostType?,
  number?,
];

// biome-ignore format: one sector a line reads as a table
const rows: Row[] = [
  ['construction', '建筑业', [['6-30-05-05', 3], ['6-30-05-02', 1], ['6-18-02-04', 2], ['6-31-01-03', 1.5], ['6-29-01-01', 2], ['6-29-01-03', 1.5], ['6-29-01-04', 2], ['6-29-01-05', 1.5], ['6-29-04-01', 1.5], ['6-06-03-01', 2], ['6-29-02-15', 1], ['6-30-05-01', 0.5], ['4-02-05-01', 1], ['6-29-03-05', 0.5]], ['建筑工程有限公司', '建设工程有限公司', '建筑劳务有限公司', '路桥工程有限公司', '建设集团有限公司', '装饰工程有限公司'], '91', 0.2],
  ['machinery', '制造业', [['6-18-02-04', 3], ['6-20-01-01', 3], ['6-22-01-01', 2], ['6-22-02-01', 1.5], ['6-30-05-01', 2], ['6-31-05-00', 1], ['6-31-03-05', 1], ['6-31-01-03', 1]], ['机械制造有限公司', '汽车零部件有限公司', '重工机械有限公司', '钢结构有限公司'], '91', 0.2],
  ['electronics', '制造业', [['6-25-04-07', 5], ['6-31-05-00', 1.5], ['6-31-03-05', 1.5], ['6-30-05-01', 0.5], ['4-02-06-01', 0.5]], ['电子科技有限公司', '电子有限公司', '智能科技有限公司'], '91', 0.15],
  ['garment', '制造业', [['6-05-01-03', 5], ['6-05-01-02', 1.5], ['6-31-05-00', 1], ['6-31-03-05', 0.7], ['6-05-01-06', 0.5]], ['服饰有限公司', '制衣有限公司', '纺织有限公司', '鞋业有限公司'], '91', 0.2],
  ['silk', '制造业', [['6-04-02-02', 5], ['5-05-06-06', 1.5], ['5-03-03-01', 2], ['5-01-02-02', 1], ['6-31-05-00', 1]], ['茧丝绸有限公司', '丝绸有限公司', '蚕业有限公司'], '91', 0.45],
  ['food', '制造业', [['6-01-04-01', 2], ['6-01-04-03', 2], ['6-01-06-00', 2], ['6-02-06-10', 1.5], ['6-02-01-01', 1], ['6-31-05-00', 2], ['6-31-03-05', 0.7], ['6-30-05-01', 0.7]], ['食品有限公司', '肉类加工有限公司', '茶业有限公司', '农产品加工有限公司'], '91', 0.2, 'regular', 0.1],
  ['logistics', '交通运输、仓储和邮政业', [['4-02-07-08', 3], ['4-02-07-09', 3], ['4-02-05-01', 2.5], ['4-02-06-01', 2], ['4-02-06-02', 1], ['4-02-06-03', 1], ['6-30-05-01', 2.5], ['4-02-02-02', 2]], ['物流有限公司', '供应链管理有限公司', '速运有限公司', '快递有限公司', '仓储服务有限公司'], '91', 0.25],
  ['platform', '居民服务、修理和其他服务业', [['4-10-08-01', 6], ['4-02-07-08', 1]], ['配送服务有限公司', '网络科技有限公司', '同城配送服务有限公司'], '91', 0.25],
  ['transport', '交通运输、仓储和邮政业', [['4-02-02-02', 4], ['4-02-02-01', 1.5], ['4-02-05-01', 1], ['4-12-01-01', 0.5]], ['运输有限公司', '汽车运输有限公司', '客运有限公司'], '91', 0.2],
  ['housekeeping', '居民服务、修理和其他服务业', [['4-10-01-06', 6], ['4-10-01-01', 2.5], ['4-10-01-05', 1.5], ['4-09-08-01', 2]], ['家政服务有限公司', '家政服务中心', '巾帼家政服务有限公司', '母婴护理服务有限公司'], '91', 0.2],
  ['eldercare', '卫生和社会工作', [['4-10-01-05', 5], ['4-09-08-01', 1], ['4-03-02-01', 1], ['4-03-02-05', 0.5]], ['养老服务中心', '康养中心', '颐养院', '老年公寓'], '91', 0.2],
  ['childcare', '教育', [['4-10-01-03', 3], ['4-10-01-01', 3], ['4-09-08-01', 1], ['4-03-02-01', 0.5]], ['托育中心', '幼儿园', '早教中心'], '91', 0],
  ['property', '房地产业', [['4-09-08-01', 4], ['4-07-05-01', 3], ['6-31-01-03', 1.5], ['4-06-01-03', 1], ['4-09-10-01', 1.5], ['6-29-02-15', 1]], ['物业管理有限公司', '物业服务有限公司'], '91', 0.25],
  ['security', '租赁和商务服务业', [['4-07-05-01', 6], ['4-06-01-03', 1]], ['保安服务有限公司', '安保服务有限公司'], '91', 0.15],
  ['catering', '住宿和餐饮业', [['4-03-02-01', 3], ['4-03-02-02', 1.5], ['4-03-02-05', 5], ['4-03-01-02', 1.5], ['4-01-02-04', 1], ['4-09-08-01', 1]], ['餐饮管理有限公司', '大酒店', '酒店管理有限公司', '餐饮有限公司', '农家乐'], '91', 0.2],
  ['retail', '批发和零售业', [['4-01-02-03', 4], ['4-01-02-04', 3], ['4-02-06-02', 2], ['4-02-06-01', 1], ['4-01-06-01', 1], ['4-01-06-02', 0.7]], ['商贸有限公司', '超市有限公司', '购物中心', '百货有限公司', '电子商务有限公司'], '91', 0.15],
  ['auto', '居民服务、修理和其他服务业', [['4-12-01-01', 5], ['4-12-04-01', 1.5], ['4-01-02-03', 0.5]], ['汽车维修服务有限公司', '汽车服务有限公司', '汽修厂'], '91', 0.3],
  ['beauty', '居民服务、修理和其他服务业', [['4-10-03-02', 3], ['4-10-03-01', 2], ['4-10-04-02', 2.5]], ['美容美发店', '美业有限公司', '足浴养生馆', '健康管理有限公司'], '91', 0.2],
  ['agriculture', '农、林、牧、渔业', [['5-01-02-01', 2], ['5-01-02-02', 3], ['5-01-02-03', 1.5], ['5-01-02-05', 1], ['5-03-02-01', 2], ['5-03-02-02', 1.5], ['5-03-03-01', 1], ['5-04-02-01', 1], ['5-05-05-01', 0.7], ['6-02-06-10', 1], ['4-09-10-01', 0.5]], ['种养殖专业合作社', '生态农业开发有限公司', '农业科技有限公司', '养殖专业合作社', '茶叶专业合作社', '蔬菜种植专业合作社'], '93', 0.3, 'regular', 0.35],
  ['workshop', '制造业', [['6-05-01-03', 3], ['6-05-01-06', 3], ['5-05-06-05', 1.5], ['6-09-03-11', 2], ['6-09-03-17', 1.5], ['6-31-05-00', 1.5], ['6-25-04-07', 1.5], ['6-01-06-00', 1]], ['扶贫车间'], '91', 0.4, 'poverty_workshop'],
  ['public', '公共管理、社会保障和社会组织', [['4-09-08-01', 4], ['5-02-03-01', 3], ['3-01-04-03', 1.5], ['6-29-02-04', 1.5], ['4-09-10-01', 1.5], ['4-06-01-03', 0.5], ['4-09-08-02', 1], ['4-07-05-01', 0.5]], ['人民政府'], '11', 0.5, 'public_welfare'],
];

export const sectors: ReadonlyMap<SectorKey, Sector> = new Map(
  rows.map(
    ([
      key,
      industry,
      occupations,
      suffixes,
      creditKind,
      fairChance,
      postType = 'regular',
      seasonalShare = 0,
    ]) => [
      key,
      {
        key,
        industry,
        occupations: weightedTable(occupations),
        suffixes,
        creditKind,
        fairChance,
        postType,
        seasonalShare,
      },
    ],
  ),
);

export function sectorOf(key: SectorKey): Sector {
  const sector = sectors.get(key);
  if (!sector) throw new Error(`demo: unknown sector ${key}`);
  return sector;
}

/** Employers in the destination cities. */
export const destinationSectors = weightedTable<SectorKey>([
  ['construction', 16],
  ['machinery', 8],
  ['electronics', 7],
  ['garment', 5],
  ['food', 4],
  ['logistics', 12],
  ['platform', 6],
  ['transport', 3],
  ['housekeeping', 10],
  ['eldercare', 5],
  ['childcare', 2],
  ['property', 9],
  ['security', 6],
  ['catering', 12],
  ['retail', 6],
  ['auto', 3],
  ['beauty', 3],
  ['agriculture', 1],
]);

const localSectorWeights = (silk: boolean): [SectorKey, number][] => [
  ['public', 30],
  ['workshop', 28],
  ['agriculture', 25],
  ['silk', silk ? 25 : 0],
  ['food', 5],
  ['catering', 4],
  ['construction', 4],
  ['eldercare', 3],
  ['retail', 3],
];

/** Employers near the origins: 公益性岗位, 扶贫车间, cooperatives, and (in 柳城) the 茧丝绸 industry. */
export const localSectors = weightedTable(localSectorWeights(false));
export const localSectorsWithSilk = weightedTable(localSectorWeights(true));
