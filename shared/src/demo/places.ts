import type { StatusCategory } from '../domain';
import { type WeightedTable, weightedTable } from './random';

/**
 * Where the demo's people come from and where its posts are, as the seed documents describe: 湘西 counties
 * sending labour to 济南 (东西部劳务协作), 柳城县's 社区戒毒社区康复 "启航工程", 甘肃省第二强制隔离戒毒所 in
 * 兰州安宁区, 铜梁区's township notice, and 安徽's prisons and rehabilitation centres.
 */

export interface County {
  code: string;
  name: string;
  /** Towns (乡镇/街道) with a 就业服务站 and a 社区戒毒社区康复工作站. */
  towns: readonly string[];
  phoneArea: string;
}

export interface OriginPool {
  key: string;
  counties: WeightedTable<County>;
  statuses: WeightedTable<StatusCategory>;
  /** Surnames common there, drawn more often than the national list. */
  surnames: readonly string[];
  /** City codes people from here name as where they would work. */
  destinations: WeightedTable<string>;
  rehabCentre: { name: string; regionCode: string };
  prison: { name: string; regionCode: string };
}

export interface Destination {
  key: string;
  cityCode: string;
  /** Short name as a list writes it. */
  shortName: string;
  districts: WeightedTable<string>;
  /** Pay relative to 济南. */
  payFactor: number;
  phoneArea: string;
}

const county = (code: string, name: string, towns: string[], phoneArea: string): County => ({
  code,
  name,
  towns,
  phoneArea,
});

export const originPools: WeightedTable<OriginPool> = weightedTable<OriginPool>([
  [
    {
      key: 'xiangxi',
      counties: weightedTable([
        [county('433101', '吉首市', ['乾州街道', '矮寨镇'], '0743'), 3],
        [county('433122', '泸溪县', ['浦市镇', '武溪镇'], '0743'), 2],
        [county('433123', '凤凰县', ['沱江镇', '廖家桥镇'], '0743'), 2.5],
        [county('433124', '花垣县', ['双龙镇', '边城镇'], '0743'), 2],
        [county('433125', '保靖县', ['迁陵镇', '葫芦镇'], '0743'), 1.5],
        [county('433126', '古丈县', ['古阳镇', '默戎镇'], '0743'), 1],
        [county('433127', '永顺县', ['灵溪镇', '芙蓉镇'], '0743'), 2.5],
        [county('433130', '龙山县', ['民安街道', '里耶镇'], '0743'), 2.5],
      ]),
      statuses: weightedTable<StatusCategory>([
        ['rural_poor', 85],
        ['community_rehab', 7],
        ['released_prisoner', 5],
        ['compulsory_rehab', 3],
      ]),
      surnames: [
        '向',
        '彭',
        '田',
        '龙',
        '石',
        '麻',
        '吴',
        '杨',
        '滕',
        '张',
        '梁',
        '符',
        '瞿',
        '覃',
        '王',
        '李',
        '刘',
        '黄',
      ],
      destinations: weightedTable([
        ['370100', 6],
        ['430100', 3],
        ['440300', 1],
        ['441900', 1],
        ['440100', 1],
        ['440600', 0.5],
      ]),
      rehabCentre: { name: '湖南省湘西强制隔离戒毒所', regionCode: '433101' },
      prison: { name: '湖南省湘西监狱', regionCode: '433101' },
    },
    45,
  ],
  [
    {
      key: 'liucheng',
      counties: weightedTable([[county('450222', '柳城县', ['大埔镇', '东泉镇', '沙埔镇'], '0772'), 1]]),
      statuses: weightedTable<StatusCategory>([
        ['rural_poor', 50],
        ['community_rehab', 38],
        ['released_prisoner', 8],
        ['compulsory_rehab', 4],
      ]),
      surnames: ['韦', '覃', '黄', '莫', '蓝', '陆', '梁', '廖', '谭', '罗', '潘', '卢', '李'],
      destinations: weightedTable([
        ['450200', 6],
        ['440100', 2],
        ['441900', 2],
        ['440600', 1],
      ]),
      rehabCentre: { name: '广西柳州强制隔离戒毒所', regionCode: '450206' },
      prison: { name: '广西柳城监狱', regionCode: '450222' },
    },
    15,
  ],
  [
    {
      key: 'lanzhou',
      counties: weightedTable([
        [county('620105', '安宁区', ['十里店街道', '刘家堡街道'], '0931'), 3],
        [county('620102', '城关区', ['伏龙坪街道'], '0931'), 2],
        [county('620103', '七里河区', ['西园街道'], '0931'), 2],
        [county('620123', '榆中县', ['城关镇', '和平镇'], '0931'), 1.5],
        [county('620121', '永登县', ['城关镇'], '0931'), 1.5],
      ]),
      statuses: weightedTable<StatusCategory>([
        ['compulsory_rehab', 70],
        ['community_rehab', 15],
        ['released_prisoner', 10],
        ['rural_poor', 5],
      ]),
      surnames: ['王', '张', '李', '刘', '杨', '马', '赵', '陈', '魏', '何', '郭', '孙', '牛', '把'],
      destinations: weightedTable([
        ['620100', 8],
        ['440300', 1],
      ]),
      rehabCentre: { name: '甘肃省第二强制隔离戒毒所', regionCode: '620105' },
      prison: { name: '甘肃省兰州监狱', regionCode: '620111' },
    },
    15,
  ],
  [
    {
      key: 'tongliang',
      counties: weightedTable([[county('500151', '铜梁区', ['安溪镇', '巴川街道', '围龙镇'], '023'), 1]]),
      statuses: weightedTable<StatusCategory>([
        ['community_rehab', 55],
        ['rural_poor', 30],
        ['released_prisoner', 10],
        ['compulsory_rehab', 5],
      ]),
      surnames: ['陈', '刘', '李', '张', '王', '杨', '周', '何', '罗', '唐', '蒋', '黄', '谭', '曾'],
      destinations: weightedTable([
        ['500100', 6],
        ['440300', 1],
        ['441900', 1],
      ]),
      rehabCentre: { name: '重庆市西山坪强制隔离戒毒所', regionCode: '500109' },
      prison: { name: '重庆市渝西监狱', regionCode: '500151' },
    },
    10,
  ],
  [
    {
      key: 'anhui',
      counties: weightedTable([
        [county('341221', '临泉县', ['城关街道', '杨桥镇'], '0558'), 3],
        [county('341225', '阜南县', ['鹿城镇'], '0558'), 2],
        [county('341524', '金寨县', ['梅山镇', '天堂寨镇'], '0564'), 2],
        [county('340828', '岳西县', ['天堂镇'], '0556'), 1.5],
        [county('341623', '利辛县', ['城关镇'], '0558'), 2],
      ]),
      statuses: weightedTable<StatusCategory>([
        ['released_prisoner', 45],
        ['compulsory_rehab', 35],
        ['rural_poor', 15],
        ['community_rehab', 5],
      ]),
      surnames: ['王', '张', '李', '刘', '陈', '杨', '孙', '朱', '徐', '胡', '吴', '周', '许', '汪'],
      destinations: weightedTable([
        ['340100', 4],
        ['370100', 1],
        ['440300', 1],
        ['441900', 1],
      ]),
      rehabCentre: { name: '安徽省阜阳强制隔离戒毒所', regionCode: '341202' },
      prison: { name: '安徽省阜阳监狱', regionCode: '341204' },
    },
    15,
  ],
]);

const destination = (
  key: string,
  cityCode: string,
  shortName: string,
  payFactor: number,
  phoneArea: string,
  districts: [string, number][],
): Destination => ({ key, cityCode, shortName, payFactor, phoneArea, districts: weightedTable(districts) });

/** Cities with posts for people who travel; 济南 first, as the 东西部劳务协作 partner. */
// biome-ignore format: one city a line reads as a table
export const destinations: WeightedTable<Destination> = weightedTable<Destination>([
  [destination('jinan', '370100', '济南市', 1, '0531', [['370102', 2], ['370103', 2], ['370104', 2], ['370105', 2], ['370112', 3], ['370113', 1.5], ['370114', 2], ['370115', 1], ['370116', 1], ['370176', 2]]), 50],
  [destination('changsha', '430100', '长沙市', 0.95, '0731', [['430102', 1], ['430103', 1], ['430104', 2], ['430105', 1], ['430111', 2], ['430121', 2], ['430182', 1]]), 10],
  [destination('guangzhou', '440100', '广州市', 1.1, '020', [['440111', 2], ['440113', 2], ['440114', 1.5], ['440118', 1], ['440112', 1]]), 5],
  [destination('dongguan', '441900', '东莞市', 1.05, '0769', [['441900', 1]]), 5],
  [destination('shenzhen', '440300', '深圳市', 1.15, '0755', [['440306', 2], ['440307', 2], ['440309', 1.5], ['440311', 1]]), 4],
  [destination('foshan', '440600', '佛山市', 1.05, '0757', [['440605', 2], ['440606', 2], ['440604', 1]]), 3],
  [destination('liuzhou', '450200', '柳州市', 0.9, '0772', [['450202', 1], ['450203', 1], ['450204', 1.5], ['450205', 1], ['450206', 1.5]]), 6],
  [destination('lanzhou', '620100', '兰州市', 0.85, '0931', [['620102', 2], ['620103', 1.5], ['620104', 1], ['620105', 1.5], ['620171', 1]]), 7],
  [destination('chongqing', '500100', '重庆市', 0.95, '023', [['500112', 2], ['500107', 1.5], ['500106', 1], ['500151', 1]]), 4],
  [destination('hefei', '340100', '合肥市', 0.95, '0551', [['340104', 1], ['340111', 1], ['340123', 1]]), 3],
]);

/** Pay near home, relative to 济南. */
export const localPayFactor = 0.75;
