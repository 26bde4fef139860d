import { posts, trainingCourses } from '@qihang/shared/db/schema/index';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, codes, type World } from '../fixtures';

describe('training demand and the annual plan', () => {
  let world: World;
  beforeAll(async () => {
    world = await buildWorld();
    const { db } = world.database;
    // One certificate away for the welder in the centre: a fair-chance forklift post in 济南.
    await db.insert(posts).values({
      employerId: world.ids.fairEmployer,
      title: '叉车司机',
      occupationCode: codes.forklift,
      requiredCertificates: ['叉车证'],
      headcount: 4,
      regionCode: codes.lixia,
      contentHash: 'h-forklift-cert',
    });
    await db.insert(trainingCourses).values({
      name: '叉车司机培训班',
      certificatesTaught: ['叉车证'],
      provider: '吉首职业技能培训中心',
      regionCode: codes.jishou,
      durationDays: 15,
      costYuan: 1500,
    });
  });
  afterAll(async () => world?.cleanup());

  it('finds the certificate that unlocks the most open places, per facility and city', async () => {
    const res = await world.inject('facility', { method: 'GET', url: '/v1/reports/training-demand' });
    expect(res.statusCode).toBe(200);
    const [top] = res.json().items;
    expect(top).toMatchObject({
      facilityId: world.ids.xiangxiCentre,
      regionCode: codes.xiangxi,
      item: '叉车证',
      people: 1,
      openHeadcount: 4,
    });
    expect(top.courses[0].name).toBe('叉车司机培训班');
  });

  it('exports a 培训计划申报表 with a budget at the per-person amount', async () => {
    const json = await world.inject('facility', {
      method: 'GET',
      url: '/v1/reports/training-plan?year=2026',
    });
    expect(json.json().items[0]).toMatchObject({ trainees: 1, perPersonYuan: 1200, budgetYuan: 1200 });
    const xlsx = await world.inject('bureau', {
      method: 'GET',
      url: '/v1/reports/training-plan?year=2026&format=xlsx&perPersonYuan=1500',
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const text = wb.worksheets[0]!.getSheetValues().flat().join('|');
    expect(text).toContain('2026年度培训计划申报表');
    expect(text).toContain('叉车司机培训班|叉车证');
    expect(text).toContain('1500');
  });
});
