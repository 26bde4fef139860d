import { describe, expect, it } from 'vitest';
import {
  buildOccupationIndex,
  type Embedder,
  matchByEmbedding,
  matchOccupation,
} from '../../src/normalize/occupations';
import { readBuiltinOccupations } from '../../src/reference';

const index = buildOccupationIndex(readBuiltinOccupations());

describe('occupations', () => {
  it('matches official names and synonyms with high confidence', () => {
    expect(matchOccupation(index, '焊工')).toMatchObject({
      code: '6-18-02-04',
      confidence: 1,
      method: 'name',
    });
    expect(matchOccupation(index, '电焊工')).toMatchObject({
      code: '6-18-02-04',
      method: 'synonym',
      needsReview: false,
    });
    expect(matchOccupation(index, '叉车司机')).toMatchObject({ code: '6-30-05-01', needsReview: false });
    expect(matchOccupation(index, '挖机司机').code).toBe('6-30-05-05');
  });

  it('matches messy titles: traditional characters, brackets, hiring words, full-width text', () => {
    expect(matchOccupation(index, '急招電焊工（長白班）').code).toBe('6-18-02-04');
    expect(matchOccupation(index, ' 电焊工 ２名 ').code).toBe('6-18-02-04');
    expect(matchOccupation(index, '熟练电焊工师傅')).toMatchObject({
      code: '6-18-02-04',
      method: 'contains',
    });
  });

  it('flags titles the dictionary does not know for review, with confidence 0', () => {
    expect(matchOccupation(index, '量子纠缠研究员')).toEqual({
      code: null,
      confidence: 0,
      method: 'none',
      needsReview: true,
    });
  });

  it('falls back to the nearest embedding and flags weak matches', async () => {
    const embedder: Embedder = {
      embed: async (texts) => texts.map((t) => Float32Array.from(t.includes('焊') ? [1, 0.1] : [0.5, 0.5])),
    };
    const occupations = [
      { code: '6-18-02-04', vector: Float32Array.from([1, 0]) },
      { code: '4-02-02-02', vector: Float32Array.from([0, 1]) },
    ];
    const [strong, weak] = await matchByEmbedding(embedder, occupations, ['氩焊技师', '跑腿小哥']);
    expect(strong).toMatchObject({ code: '6-18-02-04', method: 'embedding', needsReview: false });
    expect(weak?.needsReview).toBe(true);
    expect(weak!.confidence).toBeLessThan(0.8);
  });
});

describe('an official occupation name', () => {
  it("wins over the same words listed as another occupation's synonym or work type", () => {
    const index = buildOccupationIndex([
      { code: '4-02-07-09', name: '快件处理员', synonyms: [], workTypes: [] },
      { code: '4-02-07-10', name: '国际快递业务师', synonyms: [], workTypes: ['快件处理员'] },
    ]);
    expect(matchOccupation(index, '快件处理员')).toMatchObject({
      code: '4-02-07-09',
      method: 'name',
      needsReview: false,
    });
  });
});
