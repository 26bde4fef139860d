/**
 * The closed vocabularies of the domain, with the Chinese labels officials read.
 * Stored as text in the database; the `as const` tuples are the single source for schemas and types.
 */

const keys = <T extends Record<string, string>>(labels: T) =>
  Object.keys(labels) as [keyof T & string, ...(keyof T & string)[]];

/** Why a person is on the list. Sensitive (PIPL Art. 28): never shown to employers, never logged. */
export const statusCategoryLabels = {
  compulsory_rehab: '强制隔离戒毒人员',
  community_rehab: '社区戒毒/社区康复人员',
  released_prisoner: '刑满释放人员',
  rural_poor: '农村脱贫/低收入劳动力',
  other: '其他',
} as const;
export const statusCategories = keys(statusCategoryLabels);
export type StatusCategory = (typeof statusCategories)[number];

/** Categories whose people are offered only posts of fair-chance (爱心企业) employers. */
export const fairChanceCategories: readonly StatusCategory[] = [
  'compulsory_rehab',
  'community_rehab',
  'released_prisoner',
];

/** Ordered from lowest to highest; comparisons use the index. */
export const educationLabels = {
  none: '无',
  primary: '小学',
  junior: '初中',
  senior: '高中',
  vocational: '中专/技校',
  college: '大专',
  bachelor: '本科',
  master: '研究生',
} as const;
export const educationLevels = keys(educationLabels);
export type Education = (typeof educationLevels)[number];
export const educationRank = (e: Education): number => educationLevels.indexOf(e);

export const genderLabels = { male: '男', female: '女' } as const;
export const genders = keys(genderLabels);
export type Gender = (typeof genders)[number];

export const stayLocalReasonLabels = {
  age: '年龄原因',
  disability: '残疾',
  family_care: '家庭照护',
  health: '身体原因',
  other: '其他',
} as const;
export const stayLocalReasons = keys(stayLocalReasonLabels);
export type StayLocalReason = (typeof stayLocalReasons)[number];

export const facilityKindLabels = {
  compulsory_rehab_centre: '强制隔离戒毒所',
  community_rehab: '社区戒毒社区康复工作站',
  prison: '监狱',
  township: '乡镇（街道）就业服务站',
} as const;
export const facilityKinds = keys(facilityKindLabels);
export type FacilityKind = (typeof facilityKinds)[number];

export const postTypeLabels = {
  regular: '普通岗位',
  public_welfare: '公益性岗位',
  poverty_workshop: '扶贫车间',
  seasonal: '季节性岗位',
} as const;
export const postTypes = keys(postTypeLabels);
export type PostType = (typeof postTypes)[number];

export const postStatusLabels = { open: '招聘中', closed: '已关闭', withdrawn: '已撤回' } as const;
export const postStatuses = keys(postStatusLabels);
export type PostStatus = (typeof postStatuses)[number];

export const personStatusLabels = {
  active: '求职中',
  placed: '已就业',
  inactive: '暂停',
  erased: '已删除',
} as const;
export const personStatuses = keys(personStatusLabels);
export type PersonStatus = (typeof personStatuses)[number];

export const placementTypeLabels = {
  concentrated: '集中安置',
  dispersed: '分散安置',
  self_employed: '自主创业',
  public_welfare: '公益性岗位',
  other: '其他',
} as const;
export const placementTypes = keys(placementTypeLabels);
export type PlacementType = (typeof placementTypes)[number];

export const consentPurposeLabels = {
  employer_matching: '向用人单位推荐（去标识化）',
  portal_push: '向就业网站推送岗位',
} as const;
export const consentPurposes = keys(consentPurposeLabels);
export type ConsentPurpose = (typeof consentPurposes)[number];

export const roleLabels = {
  admin: '系统管理员',
  bureau: '人社部门',
  facility: '戒毒所/监狱/社区',
  organizer: '招聘会组织方',
  employer: '用人单位',
  portal: '就业网站',
} as const;
export const roles = keys(roleLabels);
export type Role = (typeof roles)[number];

export const vocabularyKinds = ['skill', 'certificate'] as const;
export type VocabularyKind = (typeof vocabularyKinds)[number];

export const listKinds = ['people', 'posts'] as const;
export type ListKind = (typeof listKinds)[number];

export const embeddingOwnerTypes = ['person', 'post', 'occupation'] as const;
export type EmbeddingOwnerType = (typeof embeddingOwnerTypes)[number];
