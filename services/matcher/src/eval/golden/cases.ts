/**
 * Hand-checked expectations over the golden world (fixtures.ts). Each case names the relevant results with a
 * grade (3 = the right answer, 1 = acceptable), pairs that must come out in a given order, and known false
 * positives with the hard rule each breaks: every rule has at least one such case.
 */
import type { RuleName } from '../../ranking/constraints';

export interface GoldenCase {
  name: string;
  direction: 'postsForPerson' | 'peopleForPost';
  /** Fixture key of the person (postsForPerson) or the post (peopleForPost). */
  query: string;
  relevant: Record<string, number>;
  /** [better, worse]: both must be returned, better first. */
  order?: [string, string][];
  /** Must never be returned, and why. */
  forbidden?: Record<string, RuleName>;
  /** A result that must carry these reasons (texts as shown to users). */
  reasons?: Record<string, string[]>;
}

export interface NearMissCase {
  name: string;
  person: string;
  /** `certificate/叉车证` → the posts it must unlock and the first course offered. */
  groups: Record<string, { posts: string[]; openings: number; firstCourse?: string }>;
  /** Items that must not appear as a group (the posts miss more than one thing). */
  absent: string[];
}

export const goldenCases: GoldenCase[] = [
  {
    name: '释放人员焊工去济南：只推爱心企业、在招、在济南的焊工岗位',
    direction: 'postsForPerson',
    query: 'welderWang',
    relevant: { weldJinan: 3, lateStartJinan: 2, weldApprentice: 1 },
    order: [['weldJinan', 'weldApprentice']],
    forbidden: {
      weldJinanFull: 'postOpen',
      weldJinanClosed: 'postOpen',
      weldJinanExpired: 'postOpen',
      weldJinanNotFair: 'fairChance',
      weldQingdao: 'location',
      forkliftJinan: 'certificates',
      electricianJinan: 'certificates',
      electronicsKunshan: 'location',
    },
    reasons: { weldJinan: ['持焊工证 ✓', '会电焊 ✓', '愿意去济南市 ✓', '包吃住 ✓', '爱心企业 ✓'] },
  },
  {
    name: '农村焊工愿去山东全省：非爱心企业岗位也可推，济南青岛都算',
    direction: 'postsForPerson',
    query: 'welderSun',
    relevant: { weldJinanNotFair: 3, weldQingdao: 3, weldJinan: 3, lateStartJinan: 2, weldApprentice: 1 },
    order: [
      ['weldJinanNotFair', 'weldApprentice'],
      ['weldQingdao', 'weldApprentice'],
    ],
    forbidden: { weldJinanFull: 'postOpen', weldJinanClosed: 'postOpen', weldJinanExpired: 'postOpen' },
    reasons: { weldQingdao: ['愿意去山东省 ✓'] },
  },
  {
    name: '五月才能到岗：四月底截止的二期岗位不推',
    direction: 'postsForPerson',
    query: 'welderZhou',
    relevant: { weldJinan: 3, weldApprentice: 1 },
    forbidden: { lateStartJinan: 'availability', weldJinanNotFair: 'fairChance' },
  },
  {
    name: '三月二十日到岗：二期岗位照推，但标注晚于开工日期',
    direction: 'postsForPerson',
    query: 'welderWu',
    relevant: { weldJinan: 3, lateStartJinan: 3, weldApprentice: 1 },
    reasons: { lateStartJinan: ['2026-03-20起可到岗，晚于岗位开始日期2026-03-10 ⚠'] },
  },
  {
    name: '社区康复家政阿姨留在长沙：家政优先于低薪护理，非爱心企业不推',
    direction: 'postsForPerson',
    query: 'auntieLi',
    relevant: { housekeepingChangsha: 3, elderCareChangsha: 2 },
    order: [['housekeepingChangsha', 'elderCareChangsha']],
    forbidden: { cleanerChangshaNotFair: 'fairChance', weldJinan: 'location' },
    reasons: {
      housekeepingChangsha: ['持健康证 ✓', '求职意向对口：家政服务员 ✓'],
      elderCareChangsha: ['月薪3000–3800元，低于期望4000元 ✗'],
    },
  },
  {
    name: '照顾家庭须就近：只推泸溪县内岗位，吉首的苗绣再对口也不推',
    direction: 'postsForPerson',
    query: 'sisterZhang',
    relevant: { sewingLuxi: 3 },
    forbidden: { embroideryJishou: 'location', electronicsKunshan: 'location' },
  },
  {
    name: '年轻劳动力愿意外出：昆山电子厂优先于济南钳工',
    direction: 'postsForPerson',
    query: 'youngZhao',
    relevant: { electronicsKunshan: 3, fitterJinan: 1 },
    order: [['electronicsKunshan', 'fitterJinan']],
    forbidden: { weldJinanNotFair: 'certificates', forkliftJinan: 'certificates' },
    reasons: { electronicsKunshan: ['包吃住 ✓', '求职意向对口：电子设备装接工 ✓'] },
  },
  {
    name: '51岁挖机司机：45岁上限的济南岗位不推，55岁上限的青岛岗位推',
    direction: 'postsForPerson',
    query: 'driverLiu',
    relevant: { excavatorQingdao: 3 },
    forbidden: { excavatorJinan: 'age' },
  },
  {
    name: '爱心企业焊工岗位的候选人：撤回同意、已就业、缺技能的人不出现',
    direction: 'peopleForPost',
    query: 'weldJinan',
    relevant: { welderWang: 3, welderWu: 3, welderSun: 3, welderZhou: 2 },
    forbidden: {
      welderChen: 'consent',
      placedGao: 'seeking',
      certOnlyQian: 'skills',
      youngZhao: 'certificates',
      driverLiu: 'certificates',
    },
    reasons: { welderWang: ['持焊工证 ✓', '愿意去济南市 ✓'] },
  },
  {
    name: '非爱心企业焊工岗位：需要爱心企业的人不推给它',
    direction: 'peopleForPost',
    query: 'weldJinanNotFair',
    relevant: { welderSun: 3 },
    forbidden: {
      welderWang: 'fairChance',
      welderWu: 'fairChance',
      welderZhou: 'fairChance',
      welderChen: 'consent',
    },
  },
  {
    name: '维修电工要求高中：初中学历的持证电工不推',
    direction: 'peopleForPost',
    query: 'electricianJinan',
    relevant: { electricianHe: 3 },
    forbidden: { electricianMa: 'education' },
  },
  {
    name: '二期焊工岗位：五月才到岗的人不推',
    direction: 'peopleForPost',
    query: 'lateStartJinan',
    relevant: { welderWang: 3, welderWu: 2, welderSun: 3 },
    forbidden: { welderZhou: 'availability' },
  },
];

export const nearMissCases: NearMissCase[] = [
  {
    name: '焊工差一张叉车证：叉车岗位10个名额，推济南的培训班',
    person: 'welderWang',
    groups: {
      'certificate/叉车证': { posts: ['forkliftJinan'], openings: 10, firstCourse: '叉车司机（N1）取证培训' },
    },
    absent: ['certificate/电工证'],
  },
  {
    name: '有焊工证但不会电焊：差一项技能即可上岗焊工岗位',
    person: 'certOnlyQian',
    groups: {
      'skill/电焊': {
        posts: ['weldJinan', 'lateStartJinan', 'weldJinanNotFair'],
        openings: 17,
        firstCourse: '电焊基础实操',
      },
    },
    absent: [],
  },
];
