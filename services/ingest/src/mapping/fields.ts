import type { ListKind } from '@qihang/shared/domain/index';

export interface FieldDef {
  /** The Chinese name used in reasons when the column's own header is not known. */
  label: string;
  /** Header texts that mean this field, as bureaus and portals write them. */
  headers: string[];
  /** Vertically merged cells leave all but the first row empty: such fields carry down to the next row. */
  fillDown?: boolean;
}

export const personFields = {
  externalId: {
    label: '人员编号',
    headers: ['人员编号', '编号', '档案号', '人员ID', '登记编号', '求职登记号'],
  },
  idNumber: {
    label: '身份证号',
    headers: ['身份证号', '身份证号码', '公民身份号码', '身份证', '证件号码', '证件号', '身份证件号码'],
  },
  name: { label: '姓名', headers: ['姓名', '名字', '求职者姓名'] },
  gender: { label: '性别', headers: ['性别'] },
  birthDate: { label: '出生日期', headers: ['出生日期', '出生年月', '出生年月日', '生日'] },
  birthYear: { label: '出生年份', headers: ['出生年份', '出生年'] },
  age: { label: '年龄', headers: ['年龄'] },
  phone: {
    label: '联系电话',
    headers: [
      '本人手机号',
      '本人手机号码',
      '本人手机',
      '本人联系电话',
      '本人电话',
      '个人手机号',
      '联系电话',
      '手机号',
      '手机号码',
      '电话',
      '联系方式',
      '手机',
    ],
  },
  education: { label: '学历', headers: ['学历', '文化程度', '最高学历', '受教育程度'] },
  statusCategory: {
    label: '人员类别',
    headers: ['人员类别', '人员类型', '身份类别', '人员身份', '帮扶对象类别', '类别'],
  },
  origin: {
    label: '户籍地',
    // 身份证住址 is the 户籍 address as registered: used when nothing better is there; 籍贯 (ancestral home) last.
    headers: [
      '户籍地',
      '户籍所在地',
      '户籍地址',
      '户口所在地',
      '户籍',
      '输出地',
      '身份证住址',
      '身份证地址',
      '籍贯',
    ],
  },
  current: {
    label: '现居地',
    headers: ['现居地', '现居住地', '现住址', '居住地', '现住地', '常住地', '现居住地址'],
  },
  facility: {
    label: '所属机构',
    headers: ['所属机构', '所在机构', '戒毒所', '所属单位', '管理机构', '所在场所', '所在监狱', '所在单位'],
  },
  skills: { label: '技能', headers: ['技能', '技能特长', '专业技能', '特长', '掌握技能', '技能情况'] },
  certificates: {
    label: '证书',
    headers: ['证书', '持证情况', '资格证书', '职业资格证书', '技能证书', '持有证书', '所持证书'],
  },
  workHistory: { label: '工作经历', headers: ['工作经历', '从业经历', '工作经验', '务工经历'] },
  desiredOccupations: {
    label: '意向工种',
    headers: ['意向工种', '求职意向', '意向岗位', '期望职业', '意向职业', '求职工种', '期望岗位'],
  },
  acceptableRegions: {
    label: '意向地区',
    headers: [
      '意向地区',
      '意向就业地区',
      '意向就业地',
      '期望工作地点',
      '意向工作地点',
      '愿意就业地区',
      '意向务工地',
    ],
  },
  willingToRelocate: {
    label: '是否愿意外出',
    headers: ['是否愿意外出', '是否愿意外出务工', '愿意外出务工', '是否愿意异地就业', '外出意愿', '是否外出'],
  },
  willingToTrain: {
    label: '是否愿意培训',
    headers: [
      '是否愿意培训',
      '培训意愿',
      '愿意参加培训',
      '是否愿意参加培训',
      '是否需要培训',
      '是否愿意参加技能培训',
    ],
  },
  mustStayLocalReason: {
    label: '不能外出原因',
    headers: ['不能外出原因', '就近就业原因', '只能就近就业原因', '不宜外出原因', '需就近就业原因'],
  },
  expectedPay: { label: '期望薪资', headers: ['期望薪资', '期望月薪', '期望工资', '期望收入', '期望薪酬'] },
  availableFrom: {
    label: '出所日期',
    headers: [
      '出所日期',
      '释放日期',
      '解除日期',
      '出狱日期',
      '刑满日期',
      '刑满释放日期',
      '可上岗时间',
      '可到岗日期',
      '可上岗日期',
      '解除强制隔离戒毒日期',
    ],
  },
} satisfies Record<string, FieldDef>;

export const postFields = {
  externalId: { label: '岗位编号', headers: ['岗位编号', '岗位ID', '岗位代码', '职位编号', '职位ID'] },
  employerName: {
    label: '企业名称',
    headers: ['企业名称', '单位名称', '用人单位', '招聘单位', '公司名称', '企业', '用工单位', '用人单位名称'],
    fillDown: true,
  },
  creditCode: {
    label: '统一社会信用代码',
    headers: ['统一社会信用代码', '信用代码', '社会信用代码'],
    fillDown: true,
  },
  employerRegion: {
    label: '企业所在地',
    headers: ['企业所在地', '单位地址', '企业地址', '单位所在地'],
    fillDown: true,
  },
  industry: { label: '所属行业', headers: ['所属行业', '行业', '行业类别'], fillDown: true },
  fairChance: {
    label: '是否爱心企业',
    headers: ['是否爱心企业', '爱心企业', '是否接收特殊人群', '是否接收特殊人员'],
    fillDown: true,
  },
  contactName: { label: '联系人', headers: ['联系人', '招聘联系人'], fillDown: true },
  contactPhone: { label: '联系电话', headers: ['联系电话', '联系方式', '电话', '手机'], fillDown: true },
  title: { label: '岗位名称', headers: ['岗位名称', '招聘岗位', '职位名称', '岗位', '职位'] },
  occupationCode: { label: '职业编码', headers: ['职业编码', '职业代码', '职业分类代码'] },
  occupationName: { label: '工种', headers: ['工种', '招聘工种', '职业', '职业名称', '职业（工种）'] },
  description: {
    label: '岗位描述',
    headers: ['岗位描述', '岗位职责', '工作内容', '岗位要求', '任职要求', '职位描述', '岗位说明'],
  },
  requiredSkills: { label: '技能要求', headers: ['技能要求', '技能'] },
  requiredCertificates: { label: '证书要求', headers: ['证书要求', '资格要求', '持证要求', '证书'] },
  age: { label: '年龄要求', headers: ['年龄要求', '年龄', '年龄限制'] },
  education: { label: '学历要求', headers: ['学历要求', '学历', '文化程度'] },
  filledCount: { label: '已招人数', headers: ['已招人数', '已招聘人数', '已录用人数', '已到岗人数'] },
  status: { label: '岗位状态', headers: ['岗位状态', '招聘状态', '状态'] },
  headcount: {
    label: '招聘人数',
    headers: ['招聘人数', '需求人数', '人数', '招聘数量', '用工人数', '岗位数量'],
  },
  pay: {
    label: '薪资',
    headers: [
      '薪资',
      '薪资待遇',
      '月薪',
      '工资',
      '薪酬',
      '工资待遇',
      '薪资范围',
      '月工资',
      '薪酬待遇',
      '待遇',
    ],
  },
  lodging: {
    label: '是否提供食宿',
    headers: ['是否提供食宿', '食宿', '食宿情况', '包吃住', '食宿条件', '是否包吃住'],
  },
  accommodation: { label: '是否提供住宿', headers: ['是否提供住宿', '住宿', '是否包住'] },
  meals: { label: '是否提供餐食', headers: ['是否提供餐食', '是否包吃', '餐饮', '就餐', '是否提供工作餐'] },
  region: {
    label: '工作地点',
    headers: ['工作地点', '工作地址', '工作地区', '岗位所在地', '工作地', '用工地点', '工作区域'],
  },
  postType: { label: '岗位类型', headers: ['岗位类型', '岗位性质', '岗位类别'] },
  validFrom: { label: '发布日期', headers: ['发布日期', '开始日期', '有效期开始', '有效期起'] },
  validTo: { label: '截止日期', headers: ['截止日期', '有效期至', '结束日期', '有效期截止', '有效期止'] },
} satisfies Record<string, FieldDef>;

export type PersonField = keyof typeof personFields;
export type PostField = keyof typeof postFields;
export type FieldKey<K extends ListKind> = K extends 'people' ? PersonField : PostField;

export const fieldsOf = (kind: ListKind): Record<string, FieldDef> =>
  kind === 'people' ? personFields : postFields;
