import {
  auditLog,
  ingestBatches,
  people,
  personConsents,
  posts,
  rejectedRows,
} from '@qihang/shared/db/schema/index';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, type World } from '../fixtures';

/** Erasure is final: nothing brings the person back, and no free text about them is left behind. */
describe('erasure is final', () => {
  let w: World;
  let fairId: string;
  let batchId: string;
  beforeAll(async () => {
    w = await buildWorld();
    const consent = await w.inject('facility', {
      method: 'POST',
      url: `/v1/people/${w.ids.xiangxiRehab}/consents`,
      payload: {
        purpose: 'employer_matching',
        granted: true,
        evidence: '张三本人签字，电话13800000001，戒毒所谈话室',
      },
    });
    expect(consent.statusCode).toBe(201);
    // A later list's row for the same person, rejected for a bad check digit: no ID hash links it.
    const [batch] = await w.database.db
      .insert(ingestBatches)
      .values({ kind: 'people', source: 'facility-list', status: 'done' })
      .returning();
    batchId = batch!.id;
    await w.database.db.insert(rejectedRows).values([
      {
        batchId,
        rowNumber: 7,
        raw: { 姓名: '张三', 联系电话: '13800000001', 身份证号: '433122**********13', 工作经历: '所内电焊' },
        errors: [{ field: '身份证号', reason: '身份证号校验位不正确' }],
      },
      {
        batchId,
        rowNumber: 8,
        raw: { 姓名: '赵六', 联系电话: '13900000009' },
        errors: [{ field: '户籍地', reason: '无法识别的地名“火星市”' }],
      },
    ]);
    const fair = await w.inject('bureau', {
      method: 'POST',
      url: '/v1/fairs',
      payload: { name: '泸溪专场', heldOn: '2026-12-20', venue: '礼堂', regionCode: '433122' },
    });
    fairId = fair.json().id;
    const erased = await w.inject('facility', {
      method: 'POST',
      url: `/v1/people/${w.ids.xiangxiRehab}/erase`,
    });
    expect(erased.statusCode).toBe(200);
  });
  afterAll(async () => w?.cleanup());

  const person = async () =>
    (await w.database.db.select().from(people).where(eq(people.id, w.ids.xiangxiRehab)))[0]!;

  it('a placement on an erased person is refused, and does not set status placed', async () => {
    const res = await w.inject('bureau', {
      method: 'POST',
      url: '/v1/placements',
      payload: { personId: w.ids.xiangxiRehab, type: 'dispersed', startDate: '2026-12-10' },
    });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().code).toBe('person_erased');
    expect((await person()).status).toBe('erased');
  });

  it('a correction cannot restore name or phone', async () => {
    const res = await w.inject('bureau', {
      method: 'PATCH',
      url: `/v1/people/${w.ids.xiangxiRehab}`,
      payload: { name: '张三', phone: '13800000001' },
    });
    expect(res.statusCode, res.body).toBe(409);
    const after = await person();
    expect(after).toMatchObject({ name: null, phone: null, status: 'erased' });
  });

  it('closing an erased person is refused too', async () => {
    const res = await w.inject('bureau', {
      method: 'POST',
      url: `/v1/people/${w.ids.xiangxiRehab}/close`,
      payload: { status: 'placed' },
    });
    expect(res.statusCode, res.body).toBe(409);
    expect((await person()).status).toBe('erased');
  });

  it('intents and invitations refuse an erased person', async () => {
    const intent = await w.inject('bureau', {
      method: 'POST',
      url: '/v1/intents',
      payload: { personId: w.ids.xiangxiRehab, postId: w.ids.jinanWeldingPost, signedOn: '2026-12-01' },
    });
    expect(intent.statusCode, intent.body).toBe(409);
    const invite = await w.inject('bureau', {
      method: 'POST',
      url: `/v1/fairs/${fairId}/participants`,
      payload: { personIds: [w.ids.xiangxiRehab] },
    });
    expect([409, 422]).toContain(invite.statusCode);
  });

  it('removes consent evidence text', async () => {
    const rows = await w.database.db
      .select({ evidence: personConsents.evidence })
      .from(personConsents)
      .where(eq(personConsents.personId, w.ids.xiangxiRehab));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.evidence ?? '').join('')).not.toMatch(/张三|13800000001|谈话室/);
  });

  it('removes rejected rows linked to the person by their row (phone), not only by ID hash; others stay', async () => {
    const rows = await w.database.db.select().from(rejectedRows).where(eq(rejectedRows.batchId, batchId));
    expect(rows.map((r) => r.rowNumber)).toEqual([8]);
  });

  it('left the post alone', async () => {
    const [post] = await w.database.db.select().from(posts).where(eq(posts.id, w.ids.jinanWeldingPost));
    expect(post!.filledCount).toBe(0);
    const placedAudit = await w.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, w.ids.xiangxiRehab), eq(auditLog.action, 'placement')));
    expect(placedAudit).toEqual([]);
  });
});
