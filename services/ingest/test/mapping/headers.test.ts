import { describe, expect, it } from 'vitest';
import { fieldForHeader, mapHeaders } from '../../src/mapping/headers';

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
