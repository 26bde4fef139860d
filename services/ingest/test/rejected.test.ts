import { people } from '@qihang/shared/db/schema/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  correctRejectedRow,
  getBatchReport,
  ingestRecords,
  listRejectedRows,
  resubmitRejectedRow,
} from '../src/index';
import { ingestTestDatabase } from './helpers/db';
import { idNumber } from './helpers/fixtures';

let t: Awaited<ReturnType<typeof ingestTestDatabase>>;
beforeAll(async () => {
  t = await ingestTestDatabase('pglite');
});
afterAll(async () => {
  await t?.cleanup();
});

describe('rejected rows', () => {
  it('are kept with masked ID numbers, corrected through the API and resubmitted', async () => {
    const id = idNumber('433122', '19850304', 11);
    const report = await ingestRecords(t.deps, {
      kind: 'people',
      source: 'facility',
      records: [{ 姓名: '张三', 身份证号: id, 户籍地: '火星市', 是否愿意培训: '是' }],
    });
    expect(report.rejectedRows).toEqual([
      { rowNumber: 1, errors: [{ field: '户籍地', reason: '无法识别的地名“火星市”' }] },
    ]);
    const [row] = await listRejectedRows(t.deps, { batchId: report.batchId });
    expect(row!.raw).toEqual({
      姓名: '张三',
      身份证号: `433122${'*'.repeat(10)}${id.slice(-2)}`,
      户籍地: '火星市',
      是否愿意培训: '是',
    });

    const stillBad = await correctRejectedRow(t.deps, row!.id, { 户籍地: '朝阳区' });
    expect(stillBad.errors[0]!.reason).toContain('有多个可能');
    expect(await correctRejectedRow(t.deps, row!.id, { origin: '湘西州泸溪县' })).toEqual({ errors: [] });

    // The masked number stands for the hash kept with the row: no need to type it again.
    const resubmitted = await resubmitRejectedRow(t.deps, row!.id);
    const [person] = await t.database.db.select().from(people);
    expect(resubmitted).toEqual({ ok: true, outcome: 'accepted', recordId: person!.id });
    expect(person).toMatchObject({ originRegionCode: '433122', willingToTrain: true });
    expect(person!.idNumberHash).toHaveLength(64);
    expect(await listRejectedRows(t.deps, { batchId: report.batchId })).toHaveLength(0);
    expect(await getBatchReport(t.deps, report.batchId)).toMatchObject({ accepted: 1, rejected: 0 });

    // Uploading the person again from the same source finds them by the same hash.
    const again = await ingestRecords(t.deps, {
      kind: 'people',
      source: 'facility',
      records: [{ 姓名: '张三', 身份证号: id, 户籍地: '湘西州泸溪县', 是否愿意培训: '是' }],
    });
    expect(again.rejected).toBe(0);
    expect(await t.database.db.select().from(people)).toHaveLength(1);
  });

  it('never quote an ID number typed into the wrong column in full, in the report or when corrected', async () => {
    const id = idNumber('433122', '19900307', 45);
    const report = await ingestRecords(t.deps, {
      kind: 'people',
      source: 'facility',
      records: [{ 姓名: '李四', 身份证号: id, 户籍地: id, 性别: id, 是否愿意培训: '是' }],
    });
    const masked = `433122${'*'.repeat(10)}${id.slice(-2)}`;
    const reasons = report.rejectedRows.flatMap((r) => r.errors.map((e) => e.reason));
    expect(reasons.join('\n')).toContain(`无法识别的地名“${masked}”`);
    const [row] = await listRejectedRows(t.deps, { batchId: report.batchId });
    const corrected = await correctRejectedRow(t.deps, row!.id, { 户籍地: id.slice(0, 15) });
    const stored = await listRejectedRows(t.deps, { batchId: report.batchId });
    for (const text of [reasons, corrected.errors, stored[0]!.errors].map((x) => JSON.stringify(x))) {
      expect(text).not.toContain(id);
      expect(text).not.toContain(id.slice(0, 15));
    }
  });

  it('refuses a job seeker surely under 16, as the API does, and takes one who may be 16', async () => {
    const year = new Date().getFullYear();
    const report = await ingestRecords(t.deps, {
      kind: 'people',
      source: 'facility',
      records: [
        { 姓名: '王小', 身份证号: idNumber('433122', `${year - 15}0101`, 21), 户籍地: '湘西州泸溪县' },
        { 姓名: '王大', 身份证号: idNumber('433122', `${year - 16}1231`, 23), 户籍地: '湘西州泸溪县' },
      ],
    });
    expect(report.rejectedRows).toEqual([
      { rowNumber: 1, errors: [expect.objectContaining({ reason: '未满16周岁，不能登记求职' })] },
    ]);
    expect(report.accepted).toBe(1);
  });

  it('asks for the full ID number again when the original one was invalid', async () => {
    const report = await ingestRecords(t.deps, {
      kind: 'people',
      source: 'facility',
      records: [{ 姓名: '李四', 身份证号: '433122199001011234', 户籍地: '泸溪' }],
    });
    const [row] = await listRejectedRows(t.deps, { batchId: report.batchId });
    expect(JSON.stringify(row)).not.toContain('433122199001011234');
    const r = await resubmitRejectedRow(t.deps, row!.id);
    expect(r).toEqual({
      ok: false,
      errors: [{ field: '身份证号', reason: '身份证号已脱敏保存，请重新填写完整的身份证号' }],
    });
    await correctRejectedRow(t.deps, row!.id, { 身份证号: idNumber('433122', '19900101', 31) });
    expect(await resubmitRejectedRow(t.deps, row!.id)).toEqual({
      ok: true,
      outcome: 'accepted',
      recordId: expect.any(String),
    });
  });
});
