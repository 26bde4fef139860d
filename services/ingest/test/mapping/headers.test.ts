import { describe, expect, it } from 'vitest';
import { fieldForHeader, mapHeaders } from '../../src/mapping/headers';
import { findHeader } from '../../src/sources/table';

describe('header mapping', () => {
  it('recognises the header variants bureaus write', () => {
    expect(fieldForHeader('people', '身份证号码')).toBe('idNumber');
    expect(fieldForHeader('people', '公民身份号码（18位）*')).toBe('idNumber');
    expect(fieldForHeader('people', '户籍所在地')).toBe('origin');
    expect(fieldForHeader('people', ' 是否愿意参加培训 ')).toBe('willingToTrain');
    expect(fieldForHeader('people', '出所日期/可到岗日期')).toBe('availableFrom');
    expect(fieldForHeader('posts', '用人单位名称')).toBe('employerName');
    expect(fieldForHeader('posts', '薪资待遇（元/月）')).toBe('pay');
    expect(fieldForHeader('posts', '是否提供食宿')).toBe('lodging');
    expect(fieldForHeader('posts', '招聘人數')).toBe('headcount');
    expect(fieldForHeader('posts', 'title')).toBe('title');
  });

  it('names the columns it cannot map, and does not map a field twice', () => {
    const m = mapHeaders('posts', ['序号', '企业名称', '岗位名称', '联系电话', '联系电话', '', '备注说明']);
    expect([...m.fields.values()]).toEqual(['employerName', 'title', 'contactPhone']);
    expect(m.unmapped).toEqual(['序号', '联系电话(2)', '备注说明']);
  });
});

describe('headers as bureaus lay them out', () => {
  const rows = (...cells: unknown[][]) => cells.map((c, i) => ({ rowNumber: i + 1, cells: c }));

  it("ranks synonyms: the person's own phone over a family or emergency contact's, whatever the order", () => {
    const m = mapHeaders('people', ['姓名', '家庭联系电话', '紧急联系人电话', '本人手机号', '身份证住址']);
    expect(m.fields.get(3)).toBe('phone');
    expect(m.choices.find((c) => c.field === 'phone')).toMatchObject({
      column: '本人手机号',
      passedOver: ['家庭联系电话', '紧急联系人电话'],
    });
    // 身份证住址 is read as 户籍地 when nothing better is there…
    expect(m.fields.get(4)).toBe('origin');
    // …and passed over when there is.
    const both = mapHeaders('people', ['姓名', '身份证住址', '户籍所在地']);
    expect(both.choices.find((c) => c.field === 'origin')).toMatchObject({
      column: '户籍所在地',
      passedOver: ['身份证住址'],
    });
  });

  it('never reads a phone under a 紧急联系人 group as the person’s, even when it is the only one', () => {
    const h = findHeader(
      'people',
      rows(
        ['基本信息', null, '紧急联系人', null],
        ['姓名', '身份证号', '姓名', '联系电话'],
        ['张三', 'x', '李四', '1'],
      ),
    );
    expect(h!.last).toBe(1);
    expect([...h!.mapping.fields.values()]).toEqual(['name', 'idNumber']);
    expect(h!.mapping.choices.find((c) => c.field === 'phone')).toMatchObject({ column: null });
  });

  it('reads a two-row header whose other headers are merged down, and finds a header below notes', () => {
    const notes = Array.from({ length: 12 }, (_, i) => [`说明第${i + 1}条`]);
    const h = findHeader(
      'people',
      rows(
        ...notes,
        ['姓名', '身份证号', '联系方式', null, '户籍地'],
        [null, null, '本人手机', '家庭电话', null],
        ['张三', '433122198503040118', '13812345678', '0743-1', '泸溪县'],
      ),
    );
    expect(h!.last).toBe(13);
    expect(h!.mapping.headers.get(2)).toBe('本人手机');
    expect([...h!.mapping.fields]).toEqual([
      [0, 'name'],
      [1, 'idNumber'],
      [2, 'phone'],
      [4, 'origin'],
    ]);
  });
});
