import {
  postStatusLabels,
  postTypeLabels,
  type StatusCategory,
  type StayLocalReason,
  statusCategoryLabels,
} from '../domain';
import type { EmployerRow } from './employers';
import {
  ageText,
  birthMonthText,
  dateCell,
  educationText,
  joinText,
  type ListCell,
  minEducationText,
  occupationText,
  placeText,
  termText,
  yesNo,
} from './list-styles';
import type { DemoPerson } from './people';
import type { DemoPost } from './posts';
import type { Random } from './random';

export const peopleHeaders = [
  '序号',
  '姓名',
  '性别',
  '身份证号',
  '出生年月',
  '文化程度',
  '户籍地',
  '现居地',
  '所在单位',
  '人员类别',
  '技能特长',
  '持有证书',
  '工作经历',
  '意向工种',
  '意向地区',
  '是否愿意外出务工',
  '是否愿意参加培训',
  '不能外出原因',
  '期望月薪',
  '出所日期/可到岗日期',
  '联系电话',
] as const;

export const postHeaders = [
  '序号',
  '企业名称',
  '统一社会信用代码',
  '企业所在地',
  '所属行业',
  '是否爱心企业',
  '岗位名称',
  '工种',
  '招聘人数',
  '已招人数',
  '工作地点',
  '薪资待遇',
  '是否提供食宿',
  '年龄要求',
  '学历要求',
  '证书要求',
  '技能要求',
  '岗位描述',
  '岗位类型',
  '岗位状态',
  '发布日期',
  '有效期至',
  '联系人',
  '联系电话',
] as const;

const categoryVariants: Record<StatusCategory, string[]> = {
  compulsory_rehab: ['强戒人员', '解除强制隔离戒毒人员'],
  community_rehab: ['社区戒毒人员', '社区康复人员'],
  released_prisoner: ['刑释人员', '刑满释放'],
  rural_poor: ['脱贫劳动力', '脱贫户', '低收入人口', '建档立卡脱贫户'],
  other: ['其他'],
};

const stayLocalVariants: Record<StayLocalReason, string[]> = {
  age: ['年龄原因', '年龄偏大', '年纪大'],
  disability: ['残疾', '肢体残疾', '身有残疾'],
  family_care: ['家庭照护', '照顾老人小孩', '需照顾家人', '照顾孩子上学'],
  health: ['身体原因', '身体不好', '有慢性病'],
  other: ['其他'],
};

function expectedPayText(rng: Random, pay: number | null | undefined): string {
  if (pay == null) return rng.pick(['', '面议', '不限']);
  return rng.pick([
    `${pay}`,
    `${pay}元`,
    `${pay}以上`,
    `${pay}-${pay + rng.pick([500, 1000, 2000])}`,
    `${pay / 1000}千以上`,
  ]);
}

export interface PersonListContext {
  facilityName: ReadonlyMap<string, string>;
  dateCells: boolean;
}

/** A 求职需求清单 row, written the way a township office or a 戒毒所 fills it in. */
export function personListRow(
  rng: Random,
  n: number,
  person: DemoPerson,
  ctx: PersonListContext,
): ListCell[] {
  const p = person.row;
  const origin = p.originRegionCode;
  const onlyHome = (p.acceptableRegionCodes ?? []).every(
    (c) => c === origin || c === `${origin.slice(0, 4)}00`,
  );
  const category = p.statusCategory ?? 'other';
  return [
    n,
    p.name ?? '',
    p.gender === 'female' ? '女' : '男',
    person.idNumber,
    birthMonthText(rng, person.idNumber),
    educationText(rng, p.education),
    placeText(rng, origin),
    p.currentRegionCode ? placeText(rng, p.currentRegionCode) : '',
    p.facilityId ? (ctx.facilityName.get(p.facilityId) ?? '') : '',
    rng.chance(0.7) ? statusCategoryLabels[category] : rng.pick(categoryVariants[category]),
    joinText(
      rng,
      (p.skills ?? []).map((s) => termText(rng, s)),
      '无',
    ),
    joinText(
      rng,
      (p.certificates ?? []).map((c) => termText(rng, c)),
      '无',
    ),
    p.workHistory || rng.pick(['无', '']),
    joinText(
      rng,
      (p.desiredOccupations ?? []).map((c) => occupationText(rng, c)),
      '不限',
    ),
    onlyHome && rng.chance(0.4)
      ? rng.pick(['本地', '本县', '就近'])
      : joinText(
          rng,
          (p.acceptableRegionCodes ?? []).map((c) => placeText(rng, c)),
          '不限',
        ),
    yesNo(p.willingToRelocate ?? false),
    yesNo(p.willingToTrain ?? false),
    p.mustStayLocalReason ? rng.pick(stayLocalVariants[p.mustStayLocalReason]) : '',
    expectedPayText(rng, p.expectedPayMin),
    dateCell(rng, p.availableFrom, ctx.dateCells),
    p.phone ?? '',
  ];
}

function boardText(rng: Random, accommodation: boolean, meals: boolean): string {
  if (accommodation && meals) return rng.pick(['包吃住', '是', '提供食宿']);
  if (accommodation) return rng.pick(['包住', '提供住宿']);
  if (meals) return rng.pick(['包吃', '提供工作餐']);
  return rng.pick(['否', '不提供', '无']);
}

export interface PostListContext {
  employer: ReadonlyMap<string, EmployerRow>;
  dateCells: boolean;
}

/** A 岗位供给清单 row, as an employer or a destination bureau reports the post. */
export function postListRow(rng: Random, n: number, post: DemoPost, ctx: PostListContext): ListCell[] {
  const p = post.row;
  const employer = ctx.employer.get(p.employerId);
  if (!employer) throw new Error(`demo lists: post ${p.id} has no employer`);
  return [
    n,
    employer.name,
    employer.creditCode ?? '',
    placeText(rng, employer.regionCode),
    employer.industry ?? '',
    yesNo(employer.fairChance ?? false),
    p.title,
    p.occupationCode ? occupationText(rng, p.occupationCode) : '',
    p.headcount,
    p.filledCount ?? 0,
    placeText(rng, p.regionCode),
    p.payText ?? '',
    boardText(rng, p.accommodation ?? false, p.meals ?? false),
    ageText(rng, p),
    minEducationText(rng, p.minEducation),
    joinText(
      rng,
      (p.requiredCertificates ?? []).map((c) => termText(rng, c)),
      rng.pick(['无', '']),
    ),
    joinText(
      rng,
      (p.requiredSkills ?? []).map((s) => termText(rng, s)),
      rng.pick(['无', '']),
    ),
    p.description ?? '',
    postTypeLabels[p.postType ?? 'regular'],
    postStatusLabels[p.status ?? 'open'],
    dateCell(rng, p.validFrom, ctx.dateCells),
    dateCell(rng, p.validTo, ctx.dateCells),
    employer.contactName ?? '',
    employer.contactPhone ?? '',
  ];
}
