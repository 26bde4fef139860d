import type { Gender } from '../domain';
import type { Random } from './random';

const commonSurnames = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万覃武戴莫孔向汤',
];
const maleGiven = [
  ...'伟强军勇杰涛明超华平刚辉鹏波斌宇浩磊俊峰建国文志海林东龙成兵福贵生发祥顺德金山旺春宏亮',
];
const femaleGiven = [...'芳娟敏静丽艳霞燕玲红梅琴英华萍慧婷雪兰琳芬秀珍翠凤莉娜倩桂香月云菊花丹妹'];

export function personName(rng: Random, gender: Gender, localSurnames: readonly string[]): string {
  const surname = rng.chance(0.6) ? rng.pick(localSurnames) : rng.pick(commonSurnames);
  const chars = gender === 'male' ? maleGiven : femaleGiven;
  const given = rng.chance(0.25) ? rng.pick(chars) : `${rng.pick(chars)}${rng.pick(chars)}`;
  return `${surname}${given}`;
}

const mobilePrefixes = [
  '130',
  '131',
  '132',
  '133',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '155',
  '156',
  '157',
  '158',
  '159',
  '166',
  '173',
  '177',
  '178',
  '180',
  '181',
  '182',
  '183',
  '185',
  '186',
  '187',
  '188',
  '189',
  '191',
  '199',
];

export const mobilePhone = (rng: Random): string =>
  `${rng.pick(mobilePrefixes)}${rng.chars('0123456789', 8)}`;

/** A landline as employers print it: 0531-88123456. */
export const landline = (rng: Random, area: string): string =>
  `${area}-${rng.pick(['8', '6', '5'])}${rng.chars('0123456789', 7)}`;

export const contactName = (rng: Random): string =>
  `${rng.pick(commonSurnames)}${rng.pick(['经理', '经理', '主管', '女士', '先生'])}`;

const brandChars = [
  ...'鑫宏盛华泰鸿恒瑞源隆兴达福祥顺安德嘉利诚信丰荣昌祥和佳瑞通远航正海天中金鼎晟博凯锦润',
];

/** A two-character 字号 such as 鑫泰 or 鸿达. */
export function brandName(rng: Random): string {
  const first = rng.pick(brandChars);
  let second = rng.pick(brandChars);
  while (second === first) second = rng.pick(brandChars);
  return `${first}${second}`;
}

const villageFirst = [...'新白岩龙石高竹塘溪坪田花凤黄茶桃樟马'];
const villageSecond = ['坪', '溪', '寨', '村', '湾', '冲', '坡', '岭', '口', '桥'];

/** A village name for 扶贫车间 and 合作社 names: 岩坪村, 竹溪村. */
export function villageName(rng: Random): string {
  const name = `${rng.pick(villageFirst)}${rng.pick(villageSecond)}`;
  return name.endsWith('村') ? name : `${name}村`;
}
