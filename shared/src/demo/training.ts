import type { trainingCourses } from '../db/schema';
import { nameUuid, Random } from './random';

export type TrainingCourseRow = typeof trainingCourses.$inferInsert;

interface Provider {
  name: string;
  regionCode: string;
}

// The two schools the 济南–湘西 report names, the 戒毒所's own centre, and county training centres.
const lanxiang: Provider = { name: '山东蓝翔技师学院十八洞分院', regionCode: '433124' };
const aya: Provider = { name: '湖南阳光阿婭职业培训学校', regionCode: '433101' };
const gansuCentre: Provider = { name: '甘肃省第二强制隔离戒毒所职业技能培训中心', regionCode: '620105' };
const anning: Provider = { name: '兰州市安宁区职业技能培训学校', regionCode: '620105' };
const liucheng: Provider = { name: '柳城县就业训练中心', regionCode: '450222' };
const tongliang: Provider = { name: '铜梁区职业技能培训中心', regionCode: '500151' };
const fuyang: Provider = { name: '阜阳市技工学校', regionCode: '341202' };
const jinan: Provider = { name: '济南市技师学院', regionCode: '370112' };

type Course = [
  name: string,
  occupation: string,
  skills: string[],
  certificates: string[],
  days: number,
  providers: Provider[],
];

// biome-ignore format: one course a line reads as a table
const courses: Course[] = [
  ['焊工（焊接与热切割作业）培训', '6-18-02-04', ['电焊', '氩弧焊'], ['焊工证'], 20, [lanxiang, fuyang, jinan]],
  ['低压电工作业培训', '6-31-01-03', ['电路安装维修'], ['电工证'], 15, [lanxiang, anning, fuyang]],
  ['叉车司机（N1）培训', '6-30-05-01', ['叉车驾驶'], ['叉车证'], 10, [lanxiang, gansuCentre, jinan, tongliang]],
  ['挖掘机操作培训', '6-30-05-05', ['挖掘机操作'], ['挖掘机操作证'], 30, [lanxiang, anning]],
  ['装载机操作培训', '6-30-05-05', ['装载机操作'], ['装载机操作证'], 20, [lanxiang]],
  ['高处作业（登高架设）培训', '6-29-01-05', ['脚手架搭设'], ['高处作业证'], 7, [jinan, fuyang]],
  ['起重信号司索工培训', '6-30-05-02', ['搬运装卸'], ['起重信号司索工证'], 7, [jinan]],
  ['砌筑工培训', '6-29-01-01', ['砌砖'], ['砌筑工证'], 15, [lanxiang, liucheng]],
  ['钢筋工培训', '6-29-01-04', ['钢筋绑扎'], ['钢筋工证'], 15, [lanxiang, fuyang]],
  ['制冷与空调作业培训', '6-29-03-05', ['空调安装'], ['制冷与空调作业证'], 10, [jinan]],
  ['家政服务员培训', '4-10-01-06', ['保洁', '烹饪', '老人照护'], ['家政服务员证'], 15, [aya, liucheng, gansuCentre, tongliang]],
  ['母婴护理（月嫂）培训', '4-10-01-06', ['婴幼儿照护'], ['母婴护理证'], 20, [aya]],
  ['育婴员培训', '4-10-01-01', ['婴幼儿照护'], ['育婴员证'], 15, [aya, jinan]],
  ['保育员培训', '4-10-01-03', ['婴幼儿照护', '保洁'], ['保育员证'], 15, [aya]],
  ['养老护理员培训', '4-10-01-05', ['老人照护'], ['养老护理员证'], 15, [aya, tongliang, fuyang]],
  ['保安员培训', '4-07-05-01', ['安保巡逻'], ['保安员证'], 7, [gansuCentre, fuyang, jinan]],
  ['消防设施操作员培训', '4-07-05-01', [], ['消防设施操作员证'], 15, [jinan]],
  ['中式烹调师培训', '4-03-02-01', ['烹饪'], ['中式烹调师证'], 30, [lanxiang, gansuCentre, liucheng]],
  ['中式面点师培训', '4-03-02-02', ['面点制作'], ['中式面点师证'], 20, [lanxiang, anning]],
  ['汽车维修工培训', '4-12-01-01', ['汽车维修'], ['汽车维修工证'], 30, [lanxiang, fuyang]],
  ['美发师培训', '4-10-03-02', ['美发'], ['美发师证'], 30, [gansuCentre, tongliang]],
  ['农村电商培训', '4-01-06-01', ['网店运营', '电脑操作'], ['电子商务师证'], 10, [aya, liucheng]],
  ['直播带货（互联网营销师）培训', '4-01-06-02', ['网店运营', '普通话'], ['互联网营销师证'], 7, [aya]],
  ['缝纫工培训', '6-05-01-03', ['缝纫'], [], 15, [liucheng, fuyang, aya]],
  ['手工编织培训', '6-05-01-06', ['手工编织'], [], 10, [liucheng, gansuCentre]],
  ['苗绣刺绣培训', '6-09-03-11', ['刺绣'], [], 15, [aya]],
  ['桑蚕养殖技术培训', '5-03-03-01', ['桑蚕养殖'], [], 7, [liucheng]],
  ['蔬菜种植技术培训', '5-01-02-02', ['蔬菜种植'], [], 5, [liucheng, tongliang, anning]],
  ['生猪养殖技术培训', '5-03-02-01', ['生猪养殖'], [], 7, [liucheng, tongliang]],
  ['茶叶种植与加工培训', '6-02-06-10', ['茶叶种植采摘', '制茶'], [], 10, [aya]],
  ['电脑操作基础培训', '3-01-04-03', ['电脑操作'], [], 5, [gansuCentre, fuyang, tongliang]],
];

/**
 * 技能培训 on offer: the certificates and skills posts ask for, priced the way the seed notices fund them
 * (¥1,200 a trainee and up to about ¥3,000). The same list for every seed; ids come from the names.
 */
export function demoTrainingCourses(createdAt: Date): TrainingCourseRow[] {
  const rng = new Random('qihang-demo-courses');
  return courses.flatMap(
    ([name, occupationCode, skillsTaught, certificatesTaught, durationDays, providers]) =>
      providers.map((provider) => ({
        id: nameUuid(`course:${name}|${provider.name}`),
        name,
        occupationCode,
        skillsTaught,
        certificatesTaught,
        provider: provider.name,
        regionCode: provider.regionCode,
        durationDays,
        // Longer courses and certificate exams cost more; all round to ¥100.
        costYuan: Math.min(3000, 1200 + Math.round((durationDays * 40 + rng.int(0, 600)) / 100) * 100),
        createdAt,
      })),
  );
}
