/** Chinese labels of the API's closed vocabularies (the same as shared/src/domain/enums.ts). */
export const statusCategoryLabels: Record<string, string> = {
  compulsory_rehab: '强制隔离戒毒人员',
  community_rehab: '社区戒毒/社区康复人员',
  released_prisoner: '刑满释放人员',
  rural_poor: '农村脱贫/低收入劳动力',
  other: '其他',
};
export const personStatusLabels: Record<string, string> = {
  active: '求职中',
  placed: '已就业',
  inactive: '暂停求职',
  erased: '已抹除',
};
export const consentPurposeLabels: Record<string, string> = {
  employer_matching: '向用人单位推荐（去标识化）',
  portal_push: '向就业网站推送岗位',
};
export const educationLabels: Record<string, string> = {
  none: '未上学',
  primary: '小学',
  junior: '初中',
  senior: '高中',
  vocational: '中专/技校',
  college: '大专',
  bachelor: '本科',
  master: '研究生',
};
export const genderLabels: Record<string, string> = { male: '男', female: '女' };
export const availabilityLabels: Record<string, string> = {
  now: '现在可上岗',
  soon: '30 天内可上岗',
  later: '30 天以后',
};
export const options = (labels: Record<string, string>) =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));
