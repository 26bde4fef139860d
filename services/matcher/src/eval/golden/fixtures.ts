/**
 * The golden set's world: a handful of employers, posts and people from the demo domain (re-entry work in
 * 济南, 青岛, 长沙, 湘西 and 昆山), each written by hand so that the right answer can be checked by eye.
 * Keys (not ids) name every row; `today` is fixed at 2026-03-01.
 */
import type { MatchPerson, MatchPost } from '../../ranking/types';

export const GOLDEN_TODAY = '2026-03-01';

export interface EmployerFixture {
  name: string;
  regionCode: string;
  fairChance: boolean;
}

export type PostFixture = Omit<
  Partial<MatchPost>,
  'id' | 'employerId' | 'employerName' | 'employerFairChance'
> & {
  employer: string;
  title: string;
  regionCode: string;
  headcount: number;
  description?: string;
};

export type PersonFixture = Omit<Partial<MatchPerson>, 'id' | 'employerMatchingConsent'> & {
  originRegionCode: string;
  /** Consent history for employer_matching, oldest first. */
  consents: boolean[];
};

export const employers: Record<string, EmployerFixture> = {
  jinanHeavy: { name: '济南重工机械有限公司', regionCode: '370112', fairChance: true },
  jinanBuild: { name: '济南城建工程有限公司', regionCode: '370102', fairChance: false },
  qingdaoPort: { name: '青岛港湾物流有限公司', regionCode: '370211', fairChance: false },
  changshaHome: { name: '长沙暖心家政服务有限公司', regionCode: '430104', fairChance: true },
  changshaClean: { name: '长沙洁美物业服务有限公司', regionCode: '430102', fairChance: false },
  luxiWorkshop: { name: '泸溪县巧手扶贫车间', regionCode: '433122', fairChance: true },
  jishouWorkshop: { name: '吉首市苗绣扶贫车间', regionCode: '433101', fairChance: true },
  kunshanElec: { name: '昆山精密电子有限公司', regionCode: '320583', fairChance: false },
};

const weld = { occupationCode: '6-18-02-04', requiredCertificates: ['焊工证'], requiredSkills: ['电焊'] };

export const posts: Record<string, PostFixture> = {
  weldJinan: {
    ...weld,
    employer: 'jinanHeavy',
    title: '电焊工',
    regionCode: '370112',
    headcount: 5,
    ageMin: 18,
    ageMax: 55,
    payMin: 6000,
    payMax: 9000,
    accommodation: true,
    meals: true,
    description: '钢结构件焊接，熟练手工电弧焊、二氧化碳保护焊，持证上岗，包吃住。',
  },
  weldApprentice: {
    occupationCode: '6-18-02-04',
    employer: 'jinanHeavy',
    title: '焊接学徒',
    regionCode: '370102',
    headcount: 3,
    payMin: 3500,
    payMax: 4500,
    description: '跟师傅学习钢结构焊接与切割，有电焊基础优先，不包住。',
  },
  weldJinanFull: {
    ...weld,
    employer: 'jinanHeavy',
    title: '电焊工（已招满）',
    regionCode: '370112',
    headcount: 3,
    filledCount: 3,
    payMin: 7000,
    payMax: 9000,
    description: '钢结构焊接。',
  },
  weldJinanClosed: {
    ...weld,
    employer: 'jinanHeavy',
    title: '电焊工（停招）',
    regionCode: '370112',
    headcount: 4,
    status: 'closed',
    payMin: 7000,
    payMax: 9000,
    description: '钢结构焊接。',
  },
  weldJinanExpired: {
    ...weld,
    employer: 'jinanHeavy',
    title: '电焊工（过期）',
    regionCode: '370102',
    headcount: 4,
    validTo: '2026-01-31',
    payMin: 7000,
    payMax: 9000,
    description: '钢结构焊接。',
  },
  weldJinanNotFair: {
    ...weld,
    employer: 'jinanBuild',
    title: '工地电焊工',
    regionCode: '370102',
    headcount: 6,
    payMin: 7000,
    payMax: 10000,
    accommodation: true,
    description: '建筑工地钢筋、钢结构焊接。',
  },
  weldQingdao: {
    ...weld,
    employer: 'qingdaoPort',
    title: '港口设备焊工',
    regionCode: '370211',
    headcount: 4,
    payMin: 6500,
    payMax: 8500,
    accommodation: true,
    description: '港口机械设备维修焊接。',
  },
  forkliftJinan: {
    employer: 'jinanHeavy',
    occupationCode: '6-30-05-01',
    title: '叉车司机',
    regionCode: '370112',
    headcount: 10,
    requiredCertificates: ['叉车证'],
    payMin: 5500,
    payMax: 7000,
    accommodation: true,
    description: '厂区内叉车装卸、转运钢材。',
  },
  electricianJinan: {
    employer: 'jinanHeavy',
    occupationCode: '6-31-01-03',
    title: '维修电工',
    regionCode: '370112',
    headcount: 2,
    requiredCertificates: ['电工证'],
    minEducation: 'senior',
    payMin: 6000,
    payMax: 8000,
    description: '车间设备电路安装维修。',
  },
  excavatorJinan: {
    employer: 'jinanHeavy',
    occupationCode: '6-30-05-05',
    title: '挖掘机司机',
    regionCode: '370114',
    headcount: 2,
    ageMax: 45,
    requiredCertificates: ['挖掘机操作证'],
    payMin: 8000,
    payMax: 12000,
    description: '土方工程挖掘机操作。',
  },
  excavatorQingdao: {
    employer: 'qingdaoPort',
    occupationCode: '6-30-05-05',
    title: '挖机师傅',
    regionCode: '370211',
    headcount: 2,
    ageMax: 55,
    requiredCertificates: ['挖掘机操作证'],
    payMin: 7000,
    payMax: 10000,
    accommodation: true,
    description: '港区土方、装卸作业挖掘机操作。',
  },
  housekeepingChangsha: {
    employer: 'changshaHome',
    occupationCode: '4-10-01-06',
    title: '家政服务员',
    regionCode: '430104',
    headcount: 8,
    ageMaxFemale: 55,
    ageMaxMale: 50,
    requiredCertificates: ['健康证'],
    payMin: 4500,
    payMax: 6000,
    description: '家庭保洁、做饭、照顾老人。',
  },
  elderCareChangsha: {
    employer: 'changshaHome',
    occupationCode: '4-10-01-05',
    title: '养老护理员',
    regionCode: '430103',
    headcount: 5,
    payMin: 3000,
    payMax: 3800,
    description: '养老院老人生活照护。',
  },
  cleanerChangshaNotFair: {
    employer: 'changshaClean',
    occupationCode: '4-09-08-01',
    title: '小区保洁员',
    regionCode: '430102',
    headcount: 6,
    payMin: 3500,
    payMax: 4500,
    description: '小区公共区域保洁。',
  },
  sewingLuxi: {
    employer: 'luxiWorkshop',
    occupationCode: '6-05-01-03',
    title: '缝纫工',
    regionCode: '433122',
    headcount: 20,
    postType: 'poverty_workshop',
    payMin: 2500,
    payMax: 3500,
    description: '扶贫车间服装缝纫，计件工资，离家近可照顾家庭。',
  },
  embroideryJishou: {
    employer: 'jishouWorkshop',
    occupationCode: '6-09-03-11',
    title: '苗绣绣娘',
    regionCode: '433101',
    headcount: 10,
    postType: 'poverty_workshop',
    payMin: 2800,
    payMax: 4000,
    description: '苗绣手工刺绣。',
  },
  electronicsKunshan: {
    employer: 'kunshanElec',
    occupationCode: '6-25-04-07',
    title: '电子装配工',
    regionCode: '320583',
    headcount: 30,
    ageMin: 18,
    ageMax: 40,
    minEducation: 'junior',
    payMin: 5000,
    payMax: 6500,
    accommodation: true,
    meals: true,
    description: '电子元器件插件、焊接、装配，流水线作业，包吃住。',
  },
  fitterJinan: {
    employer: 'jinanHeavy',
    occupationCode: '6-20-01-01',
    title: '装配钳工',
    regionCode: '370112',
    headcount: 4,
    payMin: 5000,
    payMax: 6500,
    accommodation: true,
    description: '机械部件装配、调试。',
  },
  lateStartJinan: {
    ...weld,
    employer: 'jinanHeavy',
    title: '电焊工（二期项目）',
    regionCode: '370112',
    headcount: 6,
    validFrom: '2026-03-10',
    validTo: '2026-04-30',
    payMin: 6500,
    payMax: 8500,
    description: '二期厂房钢结构焊接。',
  },
};

export const people: Record<string, PersonFixture> = {
  /** Released welder from 泸溪 who wants to work in 济南. Needs fair-chance employers. */
  welderWang: {
    gender: 'male',
    birthYear: 1985,
    education: 'junior',
    statusCategory: 'released_prisoner',
    originRegionCode: '433122',
    acceptableRegionCodes: ['370100'],
    certificates: ['焊工证'],
    skills: ['电焊', '气割'],
    desiredOccupations: ['6-18-02-04'],
    workHistory: '在钢结构厂做过五年电焊工，会手工电弧焊和气割。',
    expectedPayMin: 6000,
    availableFrom: '2026-02-15',
    consents: [true],
  },
  /** Same profile but withdrew consent: never on an employer's list. */
  welderChen: {
    gender: 'male',
    birthYear: 1988,
    education: 'junior',
    statusCategory: 'rural_poor',
    originRegionCode: '433122',
    acceptableRegionCodes: ['370100'],
    certificates: ['焊工证'],
    skills: ['电焊'],
    desiredOccupations: ['6-18-02-04'],
    workHistory: '做过三年电焊。',
    expectedPayMin: 6000,
    consents: [true, false],
  },
  /** Rural welder who will go anywhere in 山东: the non-fair-chance posts are open to him. */
  welderSun: {
    gender: 'male',
    birthYear: 1990,
    education: 'senior',
    statusCategory: 'rural_poor',
    originRegionCode: '433101',
    acceptableRegionCodes: ['370000'],
    certificates: ['焊工证'],
    skills: ['电焊'],
    desiredOccupations: ['6-18-02-04'],
    workHistory: '在工地做电焊工四年。',
    expectedPayMin: 6500,
    consents: [true],
  },
  /** Available only from May: the 二期 post closes at the end of April. */
  welderZhou: {
    gender: 'male',
    birthYear: 1983,
    education: 'junior',
    statusCategory: 'compulsory_rehab',
    originRegionCode: '433122',
    acceptableRegionCodes: ['370100'],
    certificates: ['焊工证'],
    skills: ['电焊'],
    desiredOccupations: ['6-18-02-04'],
    workHistory: '电焊八年。',
    availableFrom: '2026-05-01',
    consents: [true],
  },
  /** Available from 20 March: 二期 starts on the 10th, so it is shown but flagged. */
  welderWu: {
    gender: 'male',
    birthYear: 1992,
    education: 'vocational',
    statusCategory: 'community_rehab',
    originRegionCode: '433122',
    acceptableRegionCodes: ['370100'],
    certificates: ['焊工证'],
    skills: ['电焊'],
    desiredOccupations: ['6-18-02-04'],
    workHistory: '技校焊接专业，做过两年焊工。',
    availableFrom: '2026-03-20',
    consents: [true],
  },
  /** Community-rehab housekeeper in 长沙 who stays in her home city. */
  auntieLi: {
    gender: 'female',
    birthYear: 1976,
    education: 'junior',
    statusCategory: 'community_rehab',
    originRegionCode: '430104',
    certificates: ['健康证'],
    skills: ['保洁', '老人照护', '烹饪'],
    desiredOccupations: ['4-10-01-06', '4-10-01-05'],
    workHistory: '做过三年家政保姆，照顾过老人。',
    expectedPayMin: 4000,
    consents: [true],
  },
  /** Must stay in 泸溪 to care for family: only posts in her county. */
  sisterZhang: {
    gender: 'female',
    birthYear: 1982,
    education: 'primary',
    statusCategory: 'rural_poor',
    originRegionCode: '433122',
    mustStayLocalReason: 'family_care',
    skills: ['缝纫', '刺绣'],
    desiredOccupations: ['6-05-01-03'],
    workHistory: '在家做过服装加工和苗绣。',
    expectedPayMin: 2500,
    consents: [true],
  },
  /** Young rural labourer, will go anywhere, electronics assembly. */
  youngZhao: {
    gender: 'male',
    birthYear: 2002,
    education: 'senior',
    statusCategory: 'rural_poor',
    originRegionCode: '433122',
    willingToRelocate: true,
    skills: ['电子插件焊接', '机械装配'],
    desiredOccupations: ['6-25-04-07'],
    workHistory: '在东莞电子厂做过一年插件和装配。',
    expectedPayMin: 5000,
    consents: [true],
  },
  /** 51-year-old excavator driver who will work anywhere in 山东. */
  driverLiu: {
    gender: 'male',
    birthYear: 1975,
    education: 'junior',
    statusCategory: 'other',
    originRegionCode: '370114',
    acceptableRegionCodes: ['370000'],
    certificates: ['挖掘机操作证'],
    skills: ['挖掘机操作'],
    desiredOccupations: ['6-30-05-05'],
    workHistory: '开挖掘机十五年，做过土方和矿山。',
    expectedPayMin: 7000,
    consents: [true],
  },
  /** Holds the 电工证 but not the 高中 the maintenance post asks for. */
  electricianMa: {
    gender: 'male',
    birthYear: 1987,
    education: 'junior',
    statusCategory: 'rural_poor',
    originRegionCode: '433122',
    acceptableRegionCodes: ['370100'],
    certificates: ['电工证'],
    skills: ['电路安装维修'],
    desiredOccupations: ['6-31-01-03'],
    workHistory: '农村电网改造做过电工。',
    consents: [true],
  },
  electricianHe: {
    gender: 'male',
    birthYear: 1989,
    education: 'senior',
    statusCategory: 'rural_poor',
    originRegionCode: '433101',
    acceptableRegionCodes: ['370112'],
    certificates: ['电工证'],
    skills: ['电路安装维修'],
    desiredOccupations: ['6-31-01-03'],
    workHistory: '工厂维修电工五年。',
    consents: [true],
  },
  /** Has the 焊工证 on paper but no 电焊 skill recorded: one skill short of the welding posts. */
  certOnlyQian: {
    gender: 'male',
    birthYear: 1991,
    education: 'junior',
    statusCategory: 'rural_poor',
    originRegionCode: '433122',
    acceptableRegionCodes: ['370100'],
    certificates: ['焊工证'],
    skills: ['搬运装卸'],
    desiredOccupations: ['4-02-05-01'],
    workHistory: '在物流园做装卸工。',
    consents: [true],
  },
  /** Already placed: not on shortlists any more. */
  placedGao: {
    gender: 'male',
    birthYear: 1986,
    education: 'junior',
    statusCategory: 'rural_poor',
    status: 'placed',
    originRegionCode: '433122',
    acceptableRegionCodes: ['370100'],
    certificates: ['焊工证'],
    skills: ['电焊'],
    desiredOccupations: ['6-18-02-04'],
    workHistory: '电焊六年。',
    consents: [true],
  },
};

export interface CourseFixture {
  name: string;
  provider: string;
  regionCode: string;
  certificatesTaught?: string[];
  skillsTaught?: string[];
  durationDays: number;
  costYuan: number;
}

export const courses: Record<string, CourseFixture> = {
  forkliftJinan: {
    name: '叉车司机（N1）取证培训',
    provider: '济南市技师学院',
    regionCode: '370112',
    certificatesTaught: ['叉车证'],
    durationDays: 15,
    costYuan: 1200,
  },
  forkliftChangsha: {
    name: '叉车操作取证班',
    provider: '长沙职业技能培训中心',
    regionCode: '430104',
    certificatesTaught: ['叉车证'],
    durationDays: 12,
    costYuan: 900,
  },
  weldingBasics: {
    name: '电焊基础实操',
    provider: '济南市技师学院',
    regionCode: '370112',
    skillsTaught: ['电焊'],
    certificatesTaught: ['焊工证'],
    durationDays: 30,
    costYuan: 1500,
  },
};
