import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readCsvRows } from '../../src/sources/csv';
import { tableRecords } from '../../src/sources/table';

const collect = async <T>(it: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
};

describe('csv source', () => {
  const text =
    '岗位供给清单\n企业名称,岗位名称,工作地点,招聘人数\n"济南鲁焊,有限公司",电焊工,济南市历下区,３\n,,,\n合计,,,3\n';

  it('reads UTF-8 with a BOM, skips titles, blank and total rows', async () => {
    const input = Readable.from([Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])]);
    let unmapped: string[] = [];
    const rows = await collect(tableRecords('posts', readCsvRows(input), (m) => (unmapped = m.unmapped)));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      rowNumber: 3,
      fields: { employerName: '济南鲁焊,有限公司', headcount: '３' },
    });
    expect(unmapped).toEqual([]);
  });

  it('reads GBK files as Excel on Chinese Windows saves them', async () => {
    // 企业名称,岗位名称,工作地点,招聘人数 / 济南鲁焊机械,电焊工,济南市历下区,3 in GBK.
    const gbk = Buffer.from(
      'c6f3d2b5c3fbb3c62cb8dacebbc3fbb3c62cb9a4d7f7b5d8b5e32cd5d0c6b8c8cbcafd0abcc3c4cfc2b3bab8bbfad0b52cb5e7bab8b9a42cbcc3c4cfcad0c0facfc2c7f82c330a',
      'hex',
    );
    const rows = await collect(tableRecords('posts', readCsvRows(Readable.from([gbk])), () => {}));
    expect(rows[0]?.fields).toEqual({
      employerName: '济南鲁焊机械',
      title: '电焊工',
      region: '济南市历下区',
      headcount: '3',
    });
  });
});
